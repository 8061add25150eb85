using System.Collections.Immutable;

namespace ConformanceKit.FakeLibvirt.Script;

/// <summary>One top-level action of a script: a call into the loop, a far-end fd action,
/// a clock move, or one loop iteration. Steps are immutable values so that a failing
/// script can be shrunk, saved and replayed exactly.</summary>
public abstract record Step
{
    /// <summary>One line for a story, with targets as written (resolution is in the trace).</summary>
    public abstract string Describe();
}

/// <summary>add_handle on a slot's loop-side fd (or on fd -1 when <see cref="InvalidFd"/>).</summary>
public sealed record AddWatch(int Slot, HandleEvents Mask, bool WithFf = true, ImmutableArray<Reaction> Reactions = default, bool InvalidFd = false) : Step
{
    /// <summary>Never a default array (a default one cannot be serialized or enumerated).</summary>
    public ImmutableArray<Reaction> Reactions { get; init; } = Reactions.IsDefault ? [] : Reactions;

    public override string Describe() =>
        $"add_handle({(InvalidFd ? "fd -1" : $"slot {Slot}")}, {Mask}{(WithFf ? string.Empty : ", ff=null")}){Reacts(Reactions, onWatch: true)}";

    internal static string Reacts(ImmutableArray<Reaction> r, bool onWatch) =>
        r.IsDefaultOrEmpty ? string.Empty : " with callback that does: " + string.Join("; ", r.Select(x => x.Describe(onWatch)));
}

/// <summary>update_handle.</summary>
public sealed record UpdateWatch(Target Target, HandleEvents Mask) : Step
{
    public override string Describe() => $"update_handle(watch {Target}, {Mask})";
}

/// <summary>remove_handle.</summary>
public sealed record RemoveWatch(Target Target) : Step
{
    public override string Describe() => $"remove_handle(watch {Target})";
}

/// <summary>add_timeout.</summary>
public sealed record AddTimer(int Frequency, bool WithFf = true, ImmutableArray<Reaction> Reactions = default) : Step
{
    /// <summary>Never a default array (a default one cannot be serialized or enumerated).</summary>
    public ImmutableArray<Reaction> Reactions { get; init; } = Reactions.IsDefault ? [] : Reactions;

    public override string Describe() =>
        $"add_timeout({Frequency}{(WithFf ? string.Empty : ", ff=null")}){AddWatch.Reacts(Reactions, onWatch: false)}";
}

/// <summary>update_timeout.</summary>
public sealed record UpdateTimer(Target Target, int Frequency) : Step
{
    public override string Describe() => $"update_timeout(timer {Target}, {Frequency})";
}

/// <summary>remove_timeout.</summary>
public sealed record RemoveTimer(Target Target) : Step
{
    public override string Describe() => $"remove_timeout(timer {Target})";
}

/// <summary>The core acts as the far end of a slot.</summary>
public sealed record Far(int Slot, FdAction Action, int Bytes = 1) : Step
{
    public override string Describe() => $"far end of slot {Slot}: {Action}";
}

/// <summary>Moves the virtual clock forward by <see cref="Ms"/> milliseconds.</summary>
public sealed record Advance(long Ms) : Step
{
    public override string Describe() => $"advance clock {Ms} ms";
}

/// <summary>Moves the virtual clock to a timer's due time plus <see cref="OffsetMs"/>
/// (0: exactly due; -1: one millisecond early). Does nothing when the timer is not armed
/// or the moment has passed.</summary>
public sealed record AdvanceToDue(Target Timer, int OffsetMs) : Step
{
    public override string Describe() => $"advance clock to due time of timer {Timer}{(OffsetMs == 0 ? string.Empty : $" {OffsetMs:+0;-0} ms")}";
}

/// <summary>One loop iteration: <c>RunOnce(TimeSpan.Zero)</c>.</summary>
public sealed record Iterate : Step
{
    public override string Describe() => "run one iteration";
}

/// <summary>Counts the process's open fds (LIFE-4): put before an add and after its ff has run,
/// the difference is what the loop kept of its own.</summary>
public sealed record CountFds : Step
{
    public override string Describe() => "count the process's open fds";
}
