using ConformanceKit.FakeLibvirt.Core;
using ConformanceKit.FakeLibvirt.Trace;
using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Model;

/// <summary>After a callback threw by script (LIFE-2): where the exception went, and what the loop
/// did next. That is the loop's choice, so nothing of that registration is owed until the loop
/// calls it back again.</summary>
/// <remarks>The contract leaves "what the loop does when a callback throws" to LIFE-2 (INFO).
/// libvirtaio's timer Task ends with the exception and the timer never fires again; charging
/// that to TIMER-2 judged LIFE-2's behaviour under a MUST. A loop that keeps the registration
/// going shows it by calling it back: from that callback on it is judged as before, and the
/// callback itself is the loop's answer to the throw, not a fire TIMER-3 or TIMER-5 judges
/// the timing of (a loop whose re-arm the exception skipped fires again at once).
/// The throw is read from the fake core's mark on the callback's return, not from RunOnce's end:
/// a loop that catches exceptions from callbacks (a legitimate choice) is seen too.</remarks>
public sealed partial class TraceAnalyzer
{
    /// <summary>Registrations whose callback threw by script and that the loop has not called back since.</summary>
    private readonly HashSet<int> _silentSinceThrow = [];

    /// <summary>The first scripted throw: where, whose, and (once known) where its exception went.</summary>
    private (int Seq, int Iteration, int RegKey)? _throw;
    private (ThrowFate Fate, string? Detail)? _throwFate;
    private bool _calledAfterThrow;
    private bool _throwerCalledAgain;

    private void OnCallbackReturned(CallbackReturned r)
    {
        if (!r.Threw)
        {
            return;
        }

        _silentSinceThrow.Add(r.RegKey);
        _throw ??= (r.Seq, r.Iteration, r.RegKey);
    }

    /// <summary>A callback of <paramref name="regKey"/> starts: true when it is the first since its
    /// scripted throw, after which the registration owes what any other does.</summary>
    private bool CallbackStarts(int regKey)
    {
        if (_throw is { } t)
        {
            _calledAfterThrow = true;
            _throwerCalledAgain |= t.RegKey == regKey;
        }

        return _silentSinceThrow.Remove(regKey);
    }

    /// <summary>The registration threw by script and has not been called back since: no dispatch or
    /// fire of it is owed (LIFE-2's business, not HANDLE-1/5's or TIMER-2/3/5's).</summary>
    private bool OwesNothingAfterThrow(int regKey) => _silentSinceThrow.Contains(regKey);

    /// <summary>A call into the loop ended: the throw's exception may have gone out of it (a loop
    /// that runs callbacks inside add, update or remove).</summary>
    private void ThrowEndsCall(CallEnded e)
    {
        if (_throw is not null && _throwFate is null && e.Exception == nameof(ScriptedCallbackException))
        {
            _throwFate = (ThrowFate.OutOfCall, e.Call.ToString());
        }
    }

    /// <summary>An iteration ended: if the throw's fate is still open, this decides it. True when
    /// RunOnce threw because of it (as it was, or another exception in its place).</summary>
    private bool ThrowEndsIteration(IterationEnded end)
    {
        if (_throw is null || _throwFate is not null)
        {
            return false;
        }

        _throwFate = end.Exception switch
        {
            null => (ThrowFate.Swallowed, null),
            var x when x.StartsWith("scripted", StringComparison.Ordinal) => (ThrowFate.OutOfRunOnce, null),
            var x => (ThrowFate.ReplacedOutOfRunOnce, x),
        };
        return end.Exception is not null;
    }

    private void EmitThrowObserved()
    {
        if (_throw is { } t)
        {
            // Still open at the end: nothing ended after the throw (it came in the last step of a run
            // cut short); nothing went out of anything, so as far as the run shows it was caught.
            var (fate, detail) = _throwFate ?? (ThrowFate.Swallowed, null);
            Emit(new ThrowObserved(t.Seq, t.Iteration, fate, detail, _calledAfterThrow, _throwerCalledAgain));
        }
    }
}
