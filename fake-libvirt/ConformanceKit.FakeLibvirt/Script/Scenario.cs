using System.Collections.Immutable;

namespace ConformanceKit.FakeLibvirt.Script;

/// <summary>A complete script: the fd slots to create and the steps to run.</summary>
public sealed record Scenario(ImmutableArray<SlotKind> Slots, ImmutableArray<Step> Steps)
{
    /// <summary>The slots every generated scenario has: two socketpairs, a pipe watched at its
    /// read end (Hangup) and one watched at its write end (Error).</summary>
    public static readonly ImmutableArray<SlotKind> StandardSlots =
        [SlotKind.SocketPair, SlotKind.SocketPair, SlotKind.PipeReadEnd, SlotKind.PipeWriteEnd];

    public static Scenario Of(params Step[] steps) => new(StandardSlots, [.. steps]);

    public Scenario WithSteps(IEnumerable<Step> steps) => this with { Steps = [.. steps] };
}
