using ConformanceKit.FakeLibvirt.Trace;

namespace ConformanceKit.Harness.Model;

/// <summary>After a callback threw by script (LIFE-2): what the loop does next is its choice, so
/// nothing of that registration is owed until the loop calls it back again.</summary>
/// <remarks>The contract leaves "what the loop does when a callback throws" to LIFE-2 (INFO).
/// libvirtaio's timer Task ends with the exception and the timer never fires again; charging
/// that to TIMER-2 judged LIFE-2's behaviour under a MUST. A loop that keeps the registration
/// going shows it by calling it back: from that callback on it is judged as before, and the
/// callback itself is the loop's answer to the throw, not a fire TIMER-3 or TIMER-5 judges
/// the timing of (a loop whose re-arm the exception skipped fires again at once).</remarks>
public sealed partial class TraceAnalyzer
{
    /// <summary>Registrations whose callback threw by script and that the loop has not called back since.</summary>
    private readonly HashSet<int> _silentSinceThrow = [];

    private void OnCallbackReturned(CallbackReturned r)
    {
        if (r.Threw)
        {
            _silentSinceThrow.Add(r.RegKey);
        }
    }

    /// <summary>A callback of <paramref name="regKey"/> starts: true when it is the first since its
    /// scripted throw, after which the registration owes what any other does.</summary>
    private bool ResumesAfterThrow(int regKey) => _silentSinceThrow.Remove(regKey);

    /// <summary>The registration threw by script and has not been called back since: no dispatch or
    /// fire of it is owed (LIFE-2's business, not HANDLE-1/5's or TIMER-2/3/5's).</summary>
    private bool OwesNothingAfterThrow(int regKey) => _silentSinceThrow.Contains(regKey);
}
