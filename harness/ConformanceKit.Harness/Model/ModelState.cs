using System.Collections.Immutable;

namespace ConformanceKit.Harness.Model;

/// <summary>The immutable model of the contract's state: live watches and timers, every
/// registration ever made, the ids ever issued, and the clock.</summary>
/// <remarks>
/// The model follows the loop's answers where the contract leaves the loop a choice (which id
/// it returns; whether remove said 0), and judges them through the facts it derives; so one
/// wrong answer does not make every later step look wrong.
/// </remarks>
public sealed record ModelState(
    ImmutableSortedDictionary<int, WatchModel> Watches,
    ImmutableSortedDictionary<int, TimerModel> Timers,
    ImmutableSortedDictionary<int, RegistrationRecord> Registrations,
    ImmutableHashSet<int> IssuedWatchIds,
    ImmutableHashSet<int> IssuedTimerIds,
    HandleEvents BitsEverDelivered,
    bool TimerEverFired,
    long NowMs,
    int Iteration)
{
    public static readonly ModelState Empty = new(
        ImmutableSortedDictionary<int, WatchModel>.Empty,
        ImmutableSortedDictionary<int, TimerModel>.Empty,
        ImmutableSortedDictionary<int, RegistrationRecord>.Empty,
        [],
        [],
        HandleEvents.None,
        false,
        0,
        0);

    /// <summary>The live watch holding <paramref name="id"/> (newest first), if any.</summary>
    public WatchModel? LiveWatch(int id) => Watches.Values.LastOrDefault(w => w.Id == id);

    /// <summary>The live timer holding <paramref name="id"/>, if any.</summary>
    public TimerModel? LiveTimer(int id) => Timers.Values.LastOrDefault(t => t.Id == id);

    public RegistrationRecord? Record(int regKey) => Registrations.GetValueOrDefault(regKey);

    public ModelState WithRecord(RegistrationRecord r) => this with { Registrations = Registrations.SetItem(r.RegKey, r) };

    public ModelState WithWatch(WatchModel w) => this with { Watches = Watches.SetItem(w.RegKey, w) };

    public ModelState WithTimer(TimerModel t) => this with { Timers = Timers.SetItem(t.RegKey, t) };
}
