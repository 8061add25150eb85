namespace ConformanceKit.FakeLibvirt.Script;

/// <summary>One scripted action a callback performs when it is called.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Target">The other registration, for the *Other kinds.</param>
/// <param name="Value">Mask, frequency, slot or raw id, by kind.</param>
/// <param name="Repeat">False: only on the first call of the callback; true: on every call.</param>
/// <param name="Slot">The fd slot for <see cref="ReactionKind.AddWatch"/> and <see cref="ReactionKind.WriteToSlot"/>.</param>
/// <param name="OnHangup">Only on a watch's call that reports Hangup or Error (the first such call,
/// or every one with <paramref name="Repeat"/>): libvirt's remote driver closes its connection, and
/// removes its socket's watch, from inside the callback that saw the hangup.</param>
public sealed record Reaction(ReactionKind Kind, Target? Target = null, int Value = 0, bool Repeat = false, int Slot = 0, bool OnHangup = false)
{
    public override string ToString() => Describe(onWatch: false);

    /// <summary>One phrase for a story; <paramref name="onWatch"/> says whose callback it is, so
    /// that a watch's self-update reads as a mask and a timer's as a frequency.</summary>
    public string Describe(bool onWatch) => Kind switch
    {
        ReactionKind.DrainOwnFd => "drain own fd",
        ReactionKind.RemoveSelf => "remove itself",
        ReactionKind.UpdateSelf when onWatch => $"update itself to {(ConformanceKit.HandleEvents)Value}",
        ReactionKind.UpdateSelf => $"update itself to {Value}",
        ReactionKind.RemoveOtherWatch => $"remove watch {Target}",
        ReactionKind.RemoveOtherTimer => $"remove timer {Target}",
        ReactionKind.UpdateOtherWatch => $"update watch {Target} to {(ConformanceKit.HandleEvents)Value}",
        ReactionKind.UpdateOtherTimer => $"update timer {Target} to {Value}",
        ReactionKind.AddWatch => $"add watch on slot {Slot} mask {(ConformanceKit.HandleEvents)Value}",
        ReactionKind.AddTimer => $"add timer {Value}",
        ReactionKind.RemoveUnknown => $"remove unknown id {Value}",
        ReactionKind.WriteToSlot => $"write to slot {Slot}",
        ReactionKind.Throw => "throw",
        _ => Kind.ToString(),
    } + (OnHangup ? " on hangup" : string.Empty) + (Repeat ? " (every call)" : string.Empty);
}
