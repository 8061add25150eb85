using System.Collections.Immutable;
using ConformanceKit.FakeLibvirt.Script;
using FsCheck;
using FsCheck.Fluent;
using Gen = FsCheck.Fluent.Gen;

namespace ConformanceKit.Harness.Engine;

/// <summary>Generates scenarios with FsCheck's generators from a seed: the same seed and run
/// number give the same scenario, byte for byte.</summary>
/// <remarks>
/// Weighted towards what real loops get wrong: removal from inside callbacks, two watches on
/// one fd (4 slots for ~5 adds), frequency-0 timers, masks of 0, unknown/0/negative ids,
/// and clock moves to exactly a timer's due time and 1 ms before it.
/// </remarks>
public static class ScenarioGenerator
{
    private static readonly Gen<HandleEvents> Masks = Gen.Frequency(
        (5, Gen.Constant(HandleEvents.Readable)),
        (3, Gen.Constant(HandleEvents.Writable)),
        (2, Gen.Constant(HandleEvents.Readable | HandleEvents.Writable)),
        (2, Gen.Constant(HandleEvents.None)));

    private static readonly Gen<int> Frequencies = Gen.Frequency(
        (5, Gen.Constant(0)),
        (3, Gen.Constant(-1)),
        (2, Gen.Elements(1, 5, 10)),
        (3, Gen.Elements(25, 100, 1000)),
        (1, Gen.Elements(int.MaxValue, (1 << 24) + 7)));

    private static readonly Gen<Target> Targets = Gen.Frequency(
        (12, Gen.Choose(0, 3).Select(Target.Ref)),
        (1, Gen.Elements(0, -1, -7, 4242).Select(Target.Raw)));

    private static readonly Gen<int> Slots = Gen.Choose(0, 3);

    /// <summary>What a callback may do that does not depend on whose callback it is.</summary>
    private static readonly (int Weight, Gen<Reaction> Gen)[] CommonReactions =
    [
        (6, Gen.Constant(new Reaction(ReactionKind.RemoveSelf))),
        (4, Targets.Select(t => new Reaction(ReactionKind.RemoveOtherWatch, t))),
        (3, Targets.Select(t => new Reaction(ReactionKind.RemoveOtherTimer, t))),
        (2, Targets.SelectMany(_ => Masks, (t, m) => new Reaction(ReactionKind.UpdateOtherWatch, t, (int)m))),
        (2, Targets.SelectMany(_ => Frequencies, (t, f) => new Reaction(ReactionKind.UpdateOtherTimer, t, f))),
        (2, Slots.SelectMany(_ => Masks, (s, m) => new Reaction(ReactionKind.AddWatch, Value: (int)m, Slot: s))),
        (2, Frequencies.Select(f => new Reaction(ReactionKind.AddTimer, Value: f))),
        (1, Gen.Elements(0, -1, 4242).Select(id => new Reaction(ReactionKind.RemoveUnknown, Value: id))),
        (1, Slots.Select(s => new Reaction(ReactionKind.WriteToSlot, Slot: s))),
    ];

    /// <summary>A watch's callback: it updates itself to a mask (libvirt asks only for
    /// Readable/Writable, issue 16: a frequency of 1000 cast to a mask was a false HANDLE-3), and
    /// it has an fd to drain.</summary>
    private static readonly Gen<Reaction> WatchReactions = Gen.Frequency(
    [
        .. CommonReactions,
        (4, Gen.Constant(new Reaction(ReactionKind.DrainOwnFd, Repeat: true))),
        (2, Masks.Select(m => new Reaction(ReactionKind.UpdateSelf, Value: (int)m))),
    ]);

    /// <summary>A timer's callback: it updates itself to a frequency; it has no fd to drain.</summary>
    private static readonly Gen<Reaction> TimerReactions = Gen.Frequency(
    [
        .. CommonReactions,
        (2, Frequencies.Select(f => new Reaction(ReactionKind.UpdateSelf, Value: f))),
    ]);

    private static Gen<ImmutableArray<Reaction>> ReactionLists(Gen<Reaction> reactions) => Gen.Frequency(
        (6, Gen.Constant(ImmutableArray<Reaction>.Empty)),
        (4, Gen.Choose(1, 2).SelectMany(n => Gen.ArrayOf(reactions, n)).Select(a => a.ToImmutableArray())));

    private static readonly Gen<Step> Steps = Gen.Frequency(
        (25, Gen.Constant<Step>(new Iterate())),
        (13, Slots.SelectMany(s => Masks, (s, m) => (s, m))
            .SelectMany(_ => ReactionLists(WatchReactions), (sm, r) => (sm.s, sm.m, r))
            .SelectMany(_ => Gen.Frequency((9, Gen.Constant(true)), (1, Gen.Constant(false))), (x, ff) => (Step)new AddWatch(x.s, x.m, ff, x.r))),
        (1, Masks.Select(m => (Step)new AddWatch(0, m, InvalidFd: true))),
        (10, Frequencies.SelectMany(_ => ReactionLists(TimerReactions), (f, r) => (f, r))
            .SelectMany(_ => Gen.Frequency((9, Gen.Constant(true)), (1, Gen.Constant(false))), (x, ff) => (Step)new AddTimer(x.f, ff, x.r))),
        (6, Targets.SelectMany(_ => Masks, (t, m) => (Step)new UpdateWatch(t, m))),
        (6, Targets.Select(t => (Step)new RemoveWatch(t))),
        (5, Targets.SelectMany(_ => Frequencies, (t, f) => (Step)new UpdateTimer(t, f))),
        (5, Targets.Select(t => (Step)new RemoveTimer(t))),
        (12, Slots.SelectMany(_ => Gen.Elements(Enum.GetValues<FdAction>().Where(a => a != FdAction.CloseLoopEnd).ToArray()), (s, a) => (Step)new Far(s, a))),
        (5, Gen.Elements(1L, 5L, 19L, 100L, 1000L, int.MaxValue + 5L).Select(ms => (Step)new Advance(ms))),
        (5, Targets.SelectMany(_ => Gen.Elements(0, -1), (t, o) => (Step)new AdvanceToDue(t, o))));

    /// <summary>The scenario of run <paramref name="run"/> under <paramref name="seed"/>, with
    /// between 1 and <paramref name="maxSteps"/> steps.</summary>
    public static Scenario Generate(ulong seed, int run, int maxSteps)
    {
        var rnd = new Rnd(Mix(seed, run), 0x9E3779B97F4A7C15UL); // SplitMix state and an odd gamma
        var gen = Gen.Choose(1, Math.Max(1, maxSteps)).SelectMany(n => Gen.ArrayOf(Steps, n));
        // One sample, at size 1 (no generator here reads the size). It once asked for maxSteps
        // samples and kept the first: the same scenario, at 40 times the cost (0.76 ms a run).
        var steps = Gen.Sample(gen, numberOfSamples: 1, seed: rnd, size: 1)[0];
        return new Scenario(Scenario.StandardSlots, [.. steps]);
    }

    /// <summary>A scenario of exactly <paramref name="steps"/> steps (benchmarks compare like with like).</summary>
    public static Scenario GenerateExactly(ulong seed, int run, int steps)
    {
        var rnd = new Rnd(Mix(seed, run), 0x9E3779B97F4A7C15UL);
        return new Scenario(Scenario.StandardSlots, [.. Gen.Sample(Gen.ArrayOf(Steps, steps), numberOfSamples: 1, seed: rnd, size: 1)[0]]);
    }

    /// <summary>A per-run seed: splitmix64 of (seed, run), so neighbouring runs are unrelated.</summary>
    private static ulong Mix(ulong seed, int run)
    {
        ulong z = seed + (0x9E3779B97F4A7C15UL * (ulong)(run + 1));
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
