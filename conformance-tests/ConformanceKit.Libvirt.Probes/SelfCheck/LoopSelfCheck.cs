using System.Diagnostics;
using ConformanceKit.Libvirt.Interop;
using ConformanceKit.Native;

namespace ConformanceKit.Libvirt.Probes.SelfCheck;

/// <summary>A quick probe of libvirt's default loop or libvirt-glib's loop through the adapters,
/// to confirm LIBVIRT-FACTS.md and to pin what each loop does on this machine.</summary>
/// <remarks>
/// <para>Run it in a fresh process (the id checks rely on nothing having been registered before,
/// and libvirt holds one loop per process). One iteration is <c>RunOnce(TimeSpan.Zero)</c>. Each
/// check removes what it added and lets the ffs run before the next one starts; the thread check
/// runs last because a loop that fails to wake would keep the context.</para>
/// <para>Expected values are per loop: the facts file for libvirt's default loop, and for
/// libvirt-glib what its source (libvirt-glib-event.c) implies and this machine showed, as written
/// in docs/libvirt.md.</para>
/// </remarks>
public sealed class LoopSelfCheck
{
    private const int MaxIterations = 10;

    private readonly EventImpl _loop;
    private readonly bool _isDefault;
    private readonly List<CheckResult> _results = [];
    private int _depth;

    private LoopSelfCheck(EventImpl loop)
    {
        _loop = loop;
        _isDefault = loop is LibvirtDefaultLoop;
    }

    private string Name => _isDefault ? LibvirtDefaultLoop.Spec : LibvirtGlibLoop.Spec;

    /// <summary>Creates the loop and runs every check on it.</summary>
    public static SelfCheckReport Run(Func<EventImpl> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        EventImpl loop = create();
        var check = new LoopSelfCheck(loop);
        check.RunAll();
        return new SelfCheckReport(check.Name, VirtVersion.Library(), check._results);
    }

    private void RunAll()
    {
        Check("ids-count-from-1", "IDS-1 IDS-2 IDS-4", IdsCountFromOne);
        Check("two-watches-one-fd", "HANDLE-8 HANDLE-7", TwoWatchesOneFd);
        Check("level-triggered", "HANDLE-5", LevelTriggered);
        Check("update-replaces-mask", "HANDLE-6", UpdateReplacesMask);
        Check("mask-0-stops-watching", "HANDLE-4", MaskZeroStopsWatching);
        Check("remove-then-ff-later", "FREE-2 FREE-3 FREE-6", RemoveThenFfLater);
        Check("remove-unknown-is-minus-1", "IDS-5", RemoveUnknown);
        Check("negative-fd-accepted", "IDS-1 (no validation)", NegativeFd);
        Check("timer-0-every-iteration", "TIMER-2 TIMER-7", TimerZero);
        Check("timer-minus-1-and-update", "TIMER-1 TIMER-5", TimerDisabledAndUpdated);
        Check("timer-30ms", "TIMER-3", TimerInterval);
        Check("hangup-unasked-pipe", "HANDLE-3", HangupUnaskedPipe);
        Check("error-unasked-pipe", "HANDLE-3", ErrorUnaskedPipe);
        Check("hangup-socketpair", "HANDLE-3", HangupSocketpair);
        Check("hangup-after-update", "HANDLE-3", HangupAfterUpdate);
        Check("ff-from-clean-stack", "FREE-4", FfFromCleanStack);
        Check("ff-with-frequency-0-timer-live", "FREE-6 TIMER-2", FfWithBusyTimer);
        Check("timer-ff-with-frequency-0-timer-live", "FREE-6", TimerFfWithBusyTimer);
        Check("removed-not-resurrected", "IDS-6 FREE-1", RemovedNotResurrected);
        Check("remove-disabled-registrations", "FREE-7", RemoveDisabled);
        Check("run-once-bounded", "stepping", RunOnceBounded);
        Check("fd-closed-while-registered", "LIFE-3", FdClosedWhileRegistered);
        Check("wakeup-from-another-thread", "THREAD-2", WakeupFromAnotherThread);
    }

    private void Check(string name, string rule, Func<(string Expected, string Observed, bool? Holds)> body)
    {
        try
        {
            var (expected, observed, holds) = body();
            _results.Add(new CheckResult(name, rule, expected, observed, expected == observed, holds));
        }
        catch (Exception e)
        {
            _results.Add(new CheckResult(name, rule, "no exception", $"{e.GetType().Name}: {e.Message}", false, false));
        }
    }

    private (string, string, bool?) IdsCountFromOne()
    {
        var (a, b) = Fd.SocketPair();
        try
        {
            int w1 = _loop.AddHandle(a, HandleEvents.Readable, Ignore, null, null);
            int w2 = _loop.AddHandle(a, HandleEvents.Readable, Ignore, null, null);
            int t1 = _loop.AddTimeout(-1, IgnoreTimer, null, null);
            int t2 = _loop.AddTimeout(-1, IgnoreTimer, null, null);
            _loop.RemoveHandle(w1);
            _loop.RemoveHandle(w2);
            _loop.RemoveTimeout(t1);
            _loop.RemoveTimeout(t2);
            Iterate(2);
            int w3 = _loop.AddHandle(a, HandleEvents.Readable, Ignore, null, null);
            int t3 = _loop.AddTimeout(-1, IgnoreTimer, null, null);
            _loop.RemoveHandle(w3);
            _loop.RemoveTimeout(t3);
            Iterate(2);
            string own = _loop is LibvirtDefaultLoop d ? $"; adapter's own timer {d.PrivateTimerId}" : string.Empty;
            string observed = $"watches {w1},{w2} then {w3} after removal; timers {t1},{t2} then {t3}{own}";
            string expected = _isDefault
                ? "watches 1,2 then 3 after removal; timers 2,3 then 4; adapter's own timer 1"
                : "watches 1,2 then 3 after removal; timers 1,2 then 3";
            bool holds = new[] { w1, w2, w3, t1, t2, t3 }.All(i => i > 0) && w3 > w2 && t3 > t2 && w1 != w2 && t1 != t2;
            return (expected, observed, holds);
        }
        finally
        {
            Close(a, b);
        }
    }

    private (string, string, bool?) TwoWatchesOneFd()
    {
        var (a, b) = Fd.SocketPair();
        try
        {
            Fd.Write(b, 1);
            var seen = new List<string>();
            object o1 = new(), o2 = new();
            int w1 = 0, w2 = 0;
            w1 = _loop.AddHandle(a, HandleEvents.Readable, (w, fd, ev, o) => seen.Add($"{(w == w1 && fd == a && o == o1 ? "w1" : w == w2 && fd == a && o == o2 ? "w2" : "wrong args")}:{ev}"), o1, null);
            w2 = _loop.AddHandle(a, HandleEvents.Readable, (w, fd, ev, o) => seen.Add($"{(w == w1 && fd == a && o == o1 ? "w1" : w == w2 && fd == a && o == o2 ? "w2" : "wrong args")}:{ev}"), o2, null);
            _loop.RunOnce(TimeSpan.Zero);
            string observed = "first iteration: " + string.Join(", ", seen.Order());
            _loop.RemoveHandle(w1);
            _loop.RemoveHandle(w2);
            Iterate(2);
            return ("first iteration: w1:Readable, w2:Readable", observed, observed == "first iteration: w1:Readable, w2:Readable");
        }
        finally
        {
            Close(a, b);
        }
    }

    private (string, string, bool?) LevelTriggered()
    {
        var (a, b) = Fd.SocketPair();
        try
        {
            Fd.Write(b, 1);
            int calls = 0;
            int w = _loop.AddHandle(a, HandleEvents.Readable, (_, _, _, _) => calls++, null, null);
            Iterate(3);
            _loop.RemoveHandle(w);
            Iterate(2);
            return ("called on 3 of 3 iterations", $"called on {calls} of 3 iterations", calls == 3);
        }
        finally
        {
            Close(a, b);
        }
    }

    private (string, string, bool?) UpdateReplacesMask()
    {
        var (a, b) = Fd.SocketPair();
        try
        {
            var seen = new List<HandleEvents>();
            int w = _loop.AddHandle(a, HandleEvents.Readable, (_, _, ev, _) => seen.Add(ev), null, null);
            _loop.RunOnce(TimeSpan.Zero);
            string before = seen.Count == 0 ? "none" : string.Join("|", seen);
            seen.Clear();
            _loop.UpdateHandle(w, HandleEvents.Writable);
            _loop.RunOnce(TimeSpan.Zero);
            string after = seen.Count == 0 ? "none" : string.Join(",", seen);
            _loop.RemoveHandle(w);
            Iterate(2);
            string observed = $"Readable on idle socket: {before}; after update to Writable: {after}";
            return ("Readable on idle socket: none; after update to Writable: Writable", observed, before == "none" && after == "Writable");
        }
        finally
        {
            Close(a, b);
        }
    }

    private (string, string, bool?) MaskZeroStopsWatching()
    {
        var (a, b) = Fd.SocketPair();
        try
        {
            var seen = new List<HandleEvents>();
            int w = _loop.AddHandle(a, HandleEvents.Readable, (_, _, ev, _) => seen.Add(ev), null, null);
            _loop.UpdateHandle(w, HandleEvents.None);
            Fd.Close(b);
            b = -1;
            Iterate(3);
            string observed = seen.Count == 0 ? "no callback after the peer closed" : "called with " + string.Join(",", seen);
            _loop.RemoveHandle(w);
            Iterate(2);
            return ("no callback after the peer closed", observed, null);
        }
        finally
        {
            Close(a, b);
        }
    }

    private (string, string, bool?) RemoveThenFfLater()
    {
        var (a, b) = Fd.SocketPair();
        try
        {
            bool inRemove = false, ffInRemove = false, ffCalled = false;
            object opaque = new();
            object? ffGot = null;
            int w = _loop.AddHandle(a, HandleEvents.Readable, Ignore, opaque, o =>
            {
                ffCalled = true;
                ffInRemove = inRemove;
                ffGot = o;
            });
            inRemove = true;
            int rc = _loop.RemoveHandle(w);
            inRemove = false;
            int at = IterateUntil(() => ffCalled);
            string observed = $"remove -> {rc}; ff {(ffInRemove ? "inside remove" : at == 0 ? "not called" : $"on iteration {at} after remove")}{(ffCalled && ffGot != opaque ? " with another opaque" : string.Empty)}";
            return ("remove -> 0; ff on iteration 1 after remove", observed, rc == 0 && !ffInRemove && at is >= 1 and <= 2 && ffGot == opaque);
        }
        finally
        {
            Close(a, b);
        }
    }

    private (string, string, bool?) RemoveUnknown()
    {
        var (a, b) = Fd.SocketPair();
        try
        {
            int w = _loop.AddHandle(a, HandleEvents.Readable, Ignore, null, null);
            int t = _loop.AddTimeout(-1, IgnoreTimer, null, null);
            int[] r =
            [
                _loop.RemoveHandle(w), _loop.RemoveHandle(w), _loop.RemoveHandle(424242), _loop.RemoveHandle(0), _loop.RemoveHandle(-1),
                _loop.RemoveTimeout(t), _loop.RemoveTimeout(t), _loop.RemoveTimeout(424242), _loop.RemoveTimeout(0), _loop.RemoveTimeout(-1),
            ];
            Iterate(2);
            string observed = $"handle: live {r[0]}, again {r[1]}, never {r[2]}, 0 {r[3]}, -1 {r[4]}; timer: live {r[5]}, again {r[6]}, never {r[7]}, 0 {r[8]}, -1 {r[9]}";
            const string expected = "handle: live 0, again -1, never -1, 0 -1, -1 -1; timer: live 0, again -1, never -1, 0 -1, -1 -1";
            return (expected, observed, observed == expected);
        }
        finally
        {
            Close(a, b);
        }
    }

    private (string, string, bool?) NegativeFd()
    {
        int calls = 0;
        bool freed = false;
        int w = _loop.AddHandle(-5, HandleEvents.Readable, (_, _, _, _) => calls++, null, _ => freed = true);
        Iterate(2);
        int rc = w > 0 ? _loop.RemoveHandle(w) : -1;
        int at = w > 0 ? IterateUntil(() => freed) : 0;
        string observed = $"add_handle(-5) -> {(w > 0 ? "positive id" : w.ToString(System.Globalization.CultureInfo.InvariantCulture))}; {calls} callbacks; remove -> {rc}; ff {(at > 0 ? "ran" : "not run")}";
        return ("add_handle(-5) -> positive id; 0 callbacks; remove -> 0; ff ran", observed, null);
    }

    private (string, string, bool?) TimerZero()
    {
        object opaque = new();
        int fires = 0, t = 0;
        bool argsOk = true;
        t = _loop.AddTimeout(0, (id, o) =>
        {
            fires++;
            argsOk &= id == t && o == opaque;
        }, opaque, null);
        _loop.RunOnce(TimeSpan.Zero);
        int first = fires;
        Iterate(4);
        _loop.RemoveTimeout(t);
        Iterate(2);
        string observed = $"{first} fire on the first iteration, {fires} in 5{(argsOk ? string.Empty : "; wrong id or opaque")}";
        return ("1 fire on the first iteration, 5 in 5", observed, first == 1 && fires == 5 && argsOk);
    }

    private (string, string, bool?) TimerDisabledAndUpdated()
    {
        int fires = 0;
        int t = _loop.AddTimeout(-1, (_, _) => fires++, null, null);
        Iterate(3);
        int atMinus1 = fires;
        _loop.UpdateTimeout(t, 0);
        _loop.RunOnce(TimeSpan.Zero);
        int afterZero = fires;
        _loop.UpdateTimeout(t, -1);
        Iterate(3);
        int afterOff = fires - afterZero;
        _loop.RemoveTimeout(t);
        Iterate(2);
        string observed = $"at -1: {atMinus1} fires in 3; after update to 0: {afterZero} on the next iteration; after update to -1: {afterOff} in 3";
        return ("at -1: 0 fires in 3; after update to 0: 1 on the next iteration; after update to -1: 0 in 3", observed, atMinus1 == 0 && afterZero == 1 && afterOff == 0);
    }

    private (string, string, bool?) TimerInterval()
    {
        var fireTimes = new List<double>();
        var clock = Stopwatch.StartNew();
        int t = _loop.AddTimeout(30, (_, _) => fireTimes.Add(clock.Elapsed.TotalMilliseconds), null, null);
        while (fireTimes.Count < 2 && clock.ElapsedMilliseconds < 5000)
        {
            _loop.RunOnce(TimeSpan.FromMilliseconds(50));
        }

        _loop.RemoveTimeout(t);
        Iterate(2);
        if (fireTimes.Count < 2)
        {
            return ("first fire 30 ms or more after add, within 1 s; a second fire follows within 1 s", $"{fireTimes.Count} fires in 5 s", false);
        }

        // Never early after add (TIMER-3). Periodic fires are re-armed from the iteration's cached
        // GLib time, so after a late fire (a loaded box) the next one can come less than 30 ms
        // later: the pinned text asks only that it comes; the contract verdict allows 20 ms early.
        double first = fireTimes[0], gap = fireTimes[1] - fireTimes[0];
        const string expected = "first fire 30 ms or more after add, within 1 s; a second fire follows within 1 s";
        bool ok = first is >= 29.5 and < 1000 && gap is > 0 and < 1000; // a 1 s bound: a loaded CI box stalls threads for 100s of ms
        string observed = ok ? expected : $"first fire {first:F1} ms after add, second {gap:F1} ms after the first";
        return (expected, observed, first >= 29.5 && gap >= 10);
    }

    private (string, string, bool?) HangupUnaskedPipe()
    {
        var (r, w) = Fd.Pipe();
        Fd.Close(w);
        string observed = FirstEvents(r, HandleEvents.Readable);
        Fd.Close(r);
        return ("Readable watch, writer closed (kernel: POLLHUP only): " + (_isDefault ? "Hangup" : "no callback (RunOnce(20 ms) returns at once: the loop spins)"),
            "Readable watch, writer closed (kernel: POLLHUP only): " + observed, observed.Contains("Hangup", StringComparison.Ordinal));
    }

    private (string, string, bool?) ErrorUnaskedPipe()
    {
        var (r, w) = Fd.Pipe();
        Fd.Close(r);
        string observed = FirstEvents(w, HandleEvents.Writable);
        Fd.Close(w);
        return ("Writable watch, reader closed (kernel: POLLOUT|POLLERR): " + (_isDefault ? "Writable, Error" : "Writable"),
            "Writable watch, reader closed (kernel: POLLOUT|POLLERR): " + observed, observed.Contains("Error", StringComparison.Ordinal));
    }

    private (string, string, bool?) HangupSocketpair()
    {
        var (a, b) = Fd.SocketPair();
        Fd.Close(b);
        string observed = FirstEvents(a, HandleEvents.Readable);
        Fd.Close(a);
        return ("Readable watch, peer closed (kernel: POLLIN|POLLHUP): " + (_isDefault ? "Readable, Hangup" : "Readable"),
            "Readable watch, peer closed (kernel: POLLIN|POLLHUP): " + observed, observed.Contains("Hangup", StringComparison.Ordinal));
    }

    /// <summary>libvirt-glib asks GLib for G_IO_HUP only once a watch has been updated.</summary>
    private (string, string, bool?) HangupAfterUpdate()
    {
        var (r, w) = Fd.Pipe();
        Fd.Close(w);
        var seen = new List<HandleEvents>();
        int id = _loop.AddHandle(r, HandleEvents.Writable, (_, _, ev, _) => seen.Add(ev), null, null);
        _loop.UpdateHandle(id, HandleEvents.Readable);
        Iterate(2);
        string observed = seen.Count == 0 ? "no callback" : string.Join(",", seen.Distinct());
        _loop.RemoveHandle(id);
        Iterate(2);
        Fd.Close(r);
        return ("added Writable then updated to Readable, writer closed: Hangup", "added Writable then updated to Readable, writer closed: " + observed,
            observed.Contains("Hangup", StringComparison.Ordinal));
    }

    private (string, string, bool?) FfFromCleanStack()
    {
        bool ffCalled = false, ffInCallback = false;
        int t = 0, fires = 0;
        t = _loop.AddTimeout(0, (id, _) =>
        {
            fires++;
            _depth++;
            _loop.RemoveTimeout(id);
            _depth--;
        }, null, _ => { ffCalled = true; ffInCallback = _depth > 0; });
        _loop.RunOnce(TimeSpan.Zero);
        bool inFiringIteration = ffCalled;
        int at = IterateUntil(() => ffCalled);
        string when = ffInCallback ? "inside the callback" : inFiringIteration ? "later in the same iteration" : at > 0 ? $"on iteration {at} after" : "never";
        string observed = $"timer removed itself from its callback ({fires} fire); ff {when}";
        return ("timer removed itself from its callback (1 fire); ff on iteration 1 after", observed, !ffInCallback && ffCalled);
    }

    /// <summary>What the iterations after a watch's removal dispatch while a frequency-0 timer and
    /// an always-ready watch are live (TIMER-2, HANDLE-1/5 next to FREE-6).</summary>
    private (string, string, bool?) FfWithBusyTimer()
    {
        var (a, b) = Fd.SocketPair();
        var (c, d) = Fd.SocketPair();
        try
        {
            var story = new List<char>();
            bool freed = false;
            Fd.Write(d, 1);
            int t = _loop.AddTimeout(0, (_, _) => story.Add('T'), null, null);
            int ready = _loop.AddHandle(c, HandleEvents.Readable, (_, _, _, _) => story.Add('W'), null, null);
            int w = _loop.AddHandle(a, HandleEvents.Readable, Ignore, null, _ => { freed = true; story.Add('F'); });
            _loop.RunOnce(TimeSpan.Zero);
            story.Clear();
            _loop.RemoveHandle(w);
            for (int i = 0; i < 5; i++)
            {
                _loop.RunOnce(TimeSpan.Zero);
                story.Add('|');
            }

            bool starved = !freed;
            string during = Sorted(story);
            _loop.UpdateTimeout(t, -1);
            _loop.UpdateHandle(ready, HandleEvents.None);
            int after = IterateUntil(() => freed);
            _loop.RemoveTimeout(t);
            _loop.RemoveHandle(ready);
            Iterate(2);
            string observed = "iterations after remove_handle (T timer, W ready watch, F ff): " + during +
                (starved ? (after > 0 ? $"; ff ran {after} iteration(s) after the timer and the watch were disabled" : "; ff never ran") : string.Empty);
            string expected = "iterations after remove_handle (T timer, W ready watch, F ff): " + (_isDefault
                ? "F|TW|TW|TW|TW|"
                : "TW|TW|TW|TW|TW|; ff ran 1 iteration(s) after the timer and the watch were disabled");
            string[] iterations = during.Split('|', StringSplitOptions.None)[..5];
            bool everyIteration = iterations.All(i => i.Contains('T', StringComparison.Ordinal) && i.Contains('W', StringComparison.Ordinal));
            return (expected, observed, !starved && everyIteration);
        }
        finally
        {
            Close(a, b);
            Close(c, d);
        }
    }

    /// <summary>The story with each iteration's letters in a fixed order (F, T, W), so that the
    /// dispatch order inside an iteration (HANDLE-9/TIMER-8, INFO) does not matter.</summary>
    private static string Sorted(List<char> story) =>
        string.Join('|', new string([.. story]).Split('|').Select(i => new string([.. i.Order()])));

    /// <summary>libvirt's GLib loop runs a removed timer's ff from an idle source at
    /// G_PRIORITY_DEFAULT_IDLE (a removed watch's at G_PRIORITY_HIGH), so a ready default-priority
    /// source holds it back.</summary>
    private (string, string, bool?) TimerFfWithBusyTimer()
    {
        var story = new List<char>();
        bool freed = false;
        int busy = _loop.AddTimeout(0, (_, _) => story.Add('T'), null, null);
        int t = _loop.AddTimeout(-1, IgnoreTimer, null, _ => { freed = true; story.Add('F'); });
        _loop.RunOnce(TimeSpan.Zero);
        story.Clear();
        _loop.RemoveTimeout(t);
        for (int i = 0; i < 5; i++)
        {
            _loop.RunOnce(TimeSpan.Zero);
            story.Add('|');
        }

        bool starved = !freed;
        string during = new([.. story]);
        _loop.UpdateTimeout(busy, -1);
        int after = IterateUntil(() => freed);
        _loop.RemoveTimeout(busy);
        Iterate(2);
        string observed = "iterations after remove_timeout (T busy timer fired, F ff ran): " + during +
            (starved ? (after > 0 ? $"; ff ran {after} iteration(s) after the busy timer was set to -1" : "; ff never ran") : string.Empty);
        return ("iterations after remove_timeout (T busy timer fired, F ff ran): T|T|T|T|T|; ff ran 1 iteration(s) after the busy timer was set to -1",
            observed, !starved);
    }

    private (string, string, bool?) RemovedNotResurrected()
    {
        var (a, b) = Fd.SocketPair();
        try
        {
            int timerFires = 0, watchCalls = 0;
            int t = _loop.AddTimeout(-1, (_, _) => timerFires++, null, null);
            int w = _loop.AddHandle(a, HandleEvents.None, (_, _, _, _) => watchCalls++, null, null);
            _loop.RemoveTimeout(t);
            _loop.RemoveHandle(w);
            _loop.UpdateTimeout(t, 0);
            _loop.UpdateHandle(w, HandleEvents.Writable);
            Iterate(3);
            string observed = $"after remove, update to 0 / Writable: {timerFires} timer fires, {watchCalls} watch callbacks";
            return ("after remove, update to 0 / Writable: 0 timer fires, 0 watch callbacks", observed, timerFires == 0 && watchCalls == 0);
        }
        finally
        {
            Close(a, b);
        }
    }

    private (string, string, bool?) RemoveDisabled()
    {
        var (a, b) = Fd.SocketPair();
        try
        {
            int freed = 0;
            int t = _loop.AddTimeout(-1, IgnoreTimer, null, _ => freed++);
            int w = _loop.AddHandle(a, HandleEvents.None, Ignore, null, _ => freed++);
            int w2 = _loop.AddHandle(a, HandleEvents.Readable, Ignore, null, _ => freed++);
            _loop.UpdateHandle(w2, HandleEvents.None);
            int rt = _loop.RemoveTimeout(t), rw = _loop.RemoveHandle(w), rw2 = _loop.RemoveHandle(w2);
            IterateUntil(() => freed == 3);
            string observed = $"remove of timer at -1 -> {rt}, of watch added with mask 0 -> {rw}, of watch updated to 0 -> {rw2}; {freed} of 3 ffs ran";
            const string expected = "remove of timer at -1 -> 0, of watch added with mask 0 -> 0, of watch updated to 0 -> 0; 3 of 3 ffs ran";
            return (expected, observed, observed == expected);
        }
        finally
        {
            Close(a, b);
        }
    }

    private (string, string, bool?) RunOnceBounded()
    {
        var sw = new Stopwatch();
        var zeros = new List<double>();
        for (int i = 0; i < 50; i++)
        {
            sw.Restart();
            _loop.RunOnce(TimeSpan.Zero);
            zeros.Add(sw.Elapsed.TotalMilliseconds);
        }

        var waits = new List<double>();
        for (int i = 0; i < 5; i++)
        {
            sw.Restart();
            _loop.RunOnce(TimeSpan.FromMilliseconds(20));
            waits.Add(sw.Elapsed.TotalMilliseconds);
        }

        // The real clock on a shared 2-core box: medians, and slack for preemption.
        double zeroMedian = zeros.Order().ElementAt(zeros.Count / 2);
        double median = waits.Order().ElementAt(waits.Count / 2);
        bool zeroOk = zeroMedian < 1, waitOk = waits.Min() >= 19.5 && median < 250;
        string observed = $"RunOnce(0) with nothing due {(zeroOk ? "returns at once" : $"took {zeroMedian:F2} ms (median)")}; " +
            $"RunOnce(20 ms) idle {(waitOk ? "returns after 20 ms" : $"took {waits.Min():F1}..{waits.Max():F1} ms")}";
        return ("RunOnce(0) with nothing due returns at once; RunOnce(20 ms) idle returns after 20 ms", observed, zeroOk && waitOk);
    }

    private (string, string, bool?) FdClosedWhileRegistered()
    {
        var (low, b) = Fd.SocketPair();
        int a = HighFd.Move(low);
        var seen = new List<HandleEvents>();
        bool freed = false;
        int w = _loop.AddHandle(a, HandleEvents.Readable, (_, _, ev, _) => seen.Add(ev), null, _ => freed = true);
        _loop.RunOnce(TimeSpan.Zero);
        Fd.Close(a);
        Iterate(2);
        string observed = seen.Count == 0 ? "no callback" + Busy() : string.Join(",", seen.Distinct());
        _loop.RemoveHandle(w);
        IterateUntil(() => freed);
        Fd.Close(b);
        return ("Readable watch whose own fd was closed: no callback; RunOnce(20 ms) returns at once (poll reports POLLNVAL, nothing is dispatched)",
            "Readable watch whose own fd was closed: " + observed, null);
    }

    private string Spins()
    {
        var sw = Stopwatch.StartNew();
        _loop.RunOnce(TimeSpan.FromMilliseconds(20));
        return sw.Elapsed.TotalMilliseconds < 10 ? " (RunOnce(20 ms) returns at once: the loop spins)" : string.Empty;
    }

    /// <summary>For a watch that is never called back although the kernel reports something: does
    /// a bounded wait still block, or does the loop spin?</summary>
    private string Busy()
    {
        var sw = Stopwatch.StartNew();
        _loop.RunOnce(TimeSpan.FromMilliseconds(20));
        return sw.Elapsed.TotalMilliseconds < 10
            ? "; RunOnce(20 ms) returns at once (poll reports POLLNVAL, nothing is dispatched)"
            : "; RunOnce(20 ms) waits";
    }

    private (string, string, bool?) WakeupFromAnotherThread()
    {
        var fired = new ManualResetEventSlim();
        var freed = new ManualResetEventSlim();
        var stop = false;
        var runner = new Thread(() =>
        {
            while (!Volatile.Read(ref stop))
            {
                _loop.RunOnce(Timeout.InfiniteTimeSpan);
            }
        })
        { IsBackground = true };
        runner.Start();
        Thread.Sleep(50);
        var sw = Stopwatch.StartNew();
        int t = _loop.AddTimeout(0, (_, _) => fired.Set(), null, _ => freed.Set());
        bool woke = fired.Wait(5000);
        double wakeMs = sw.Elapsed.TotalMilliseconds;
        _loop.UpdateTimeout(t, -1);
        Thread.Sleep(50);
        sw.Restart();
        _loop.RemoveTimeout(t);
        bool ffWoke = freed.Wait(5000);
        double ffMs = sw.Elapsed.TotalMilliseconds;
        Volatile.Write(ref stop, true);
        int wake = _loop.AddTimeout(0, IgnoreTimer, null, null);
        bool joined = runner.Join(5000);
        if (joined)
        {
            _loop.RemoveTimeout(wake);
            Iterate(2);
        }

        string observed = $"loop blocked in RunOnce(infinite): add of a frequency-0 timer from another thread {(woke ? (wakeMs < WokeBoundMs ? "woke it" : $"woke it after {wakeMs:F0} ms") : "did not wake it within 5 s")}; " +
            $"remove from another thread {(ffWoke ? (ffMs < WokeBoundMs ? "woke it for the ff" : $"ran the ff after {ffMs:F0} ms") : "did not get the ff run within 5 s")}";
        const string expected = "loop blocked in RunOnce(infinite): add of a frequency-0 timer from another thread woke it; remove from another thread woke it for the ff";
        return (expected, observed, woke && wakeMs < WokeBoundMs && ffWoke && ffMs < WokeBoundMs);
    }

    /// <summary>What counts as "woke it" here: this pins whether the loop wakes at all; how fast
    /// is THREAD-2's business (bound 100 ms, on medians), and one sample on a loaded CI box can
    /// stall for hundreds of ms.</summary>
    private const double WokeBoundMs = 1000;

    /// <summary>The distinct events a fresh watch sees in its first three iterations.</summary>
    private string FirstEvents(int fd, HandleEvents mask)
    {
        var seen = new List<HandleEvents>();
        int w = _loop.AddHandle(fd, mask, (_, _, ev, _) => seen.Add(ev), null, null);
        Iterate(3);
        string result = seen.Count == 0 ? "no callback" + Spins() : string.Join(",", seen.Distinct().Select(e => e.ToString()));
        _loop.RemoveHandle(w);
        Iterate(2);
        return result;
    }

    private void Iterate(int n)
    {
        for (int i = 0; i < n; i++)
        {
            _loop.RunOnce(TimeSpan.Zero);
        }
    }

    /// <summary>The 1-based iteration at which <paramref name="done"/> became true, or 0.</summary>
    private int IterateUntil(Func<bool> done)
    {
        for (int i = 1; i <= MaxIterations; i++)
        {
            _loop.RunOnce(TimeSpan.Zero);
            if (done())
            {
                return i;
            }
        }

        return 0;
    }

    private static void Close(int a, int b)
    {
        Fd.Close(a);
        Fd.Close(b);
    }

    private static void Ignore(int watch, int fd, HandleEvents events, object? opaque)
    {
    }

    private static void IgnoreTimer(int timer, object? opaque)
    {
    }
}
