using System.Collections.Immutable;
using ConformanceKit.FakeLibvirt.Trace;
using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Model;

/// <summary>Folds a trace through the <see cref="ModelState"/> and derives the facts the rules judge.</summary>
/// <remarks>
/// One pass, in trace order. Calls are judged when they return, callbacks when they start,
/// expectations ("this had to be called back") when the iteration ends, free-callback
/// deadlines at iteration ends and when the run ends. The analyzer never guesses what an fd
/// reports: that comes from the kernel readings recorded at each iteration's start.
/// </remarks>
public sealed partial class TraceAnalyzer
{
    private readonly List<Fact> _facts = [];
    private readonly Stack<CallStarted> _open = new();
    private ModelState _state = ModelState.Empty;
    private IterationContext? _iteration;
    private string _phase = "run";
    private int _freesDuringDispose;
    private int _liveAtDispose;
    private int _liveWithFfAtDispose;
    private readonly Dictionary<int, (int Slot, int Seq, int Iteration)> _closedSlots = [];
    private readonly Dictionary<int, HandleEvents> _afterClose = [];
    private readonly Dictionary<int, int> _nullFfRemovedAt = [];

    public ModelState State => _state;

    /// <param name="removeResultDiscarded">The loop's binding drops what remove returns and tells
    /// libvirt 0 (<see cref="RemoveReturned.ResultDiscarded"/>).</param>
    public static ImmutableArray<Fact> Analyze(IEnumerable<TraceEvent> trace, bool removeResultDiscarded = false)
    {
        var a = new TraceAnalyzer { _removeResultDiscarded = removeResultDiscarded };
        foreach (var e in trace)
        {
            a.Observe(e);
        }

        a.Finish();
        return [.. a._facts];
    }

    private long _slackMs;
    private bool _removeResultDiscarded;

    private void Observe(TraceEvent e)
    {
        // Every event carries the clock; on the virtual clock it only moves at ClockAdvanced,
        // on the real clock it moves all the time.
        if (e.TimeMs != _state.NowMs)
        {
            _state = _state with { NowMs = e.TimeMs };
        }

        switch (e)
        {
            case ClockAdvanced:
                break;
            case FarActed f:
                OnFar(f);
                break;
            case CallStarted c:
                OnCallStarted(c);
                break;
            case CallEnded c:
                OnCallEnded(c);
                break;
            case IterationStarted i:
                _state = _state with { Iteration = i.Iteration };
                _iteration = new IterationContext(_state, i.Kernel);
                CheckGivenFdsOpen(i);
                break;
            case HandleDispatched h:
                OnHandle(h);
                break;
            case TimerFired t:
                OnTimer(t);
                break;
            case CallbackReturned r:
                OnCallbackReturned(r);
                break;
            case FreeCalled f:
                OnFree(f);
                break;
            case IterationEnded end:
                OnIterationEnded(end);
                break;
            case PhaseStarted p:
                OnPhase(p);
                break;
            case FdsChecked f:
                OnFdsChecked(f);
                break;
            case FdsCounted f:
                OnFdsCounted(f);
                break;
        }
    }

    private void Emit(Fact f) => _facts.Add(f);

    private void OnFar(FarActed f)
    {
        if (_iteration is not null && f.InCallback)
        {
            _iteration.TouchedSlots.Add(f.Slot);
            _iteration.FirstSlotTouch.TryAdd(f.Slot, f.Seq);
        }

        if (f.Action == FakeLibvirt.Script.FdAction.CloseLoopEnd)
        {
            _closedSlots[f.Slot] = (f.Slot, f.Seq, f.Iteration);
        }
    }

    private void OnPhase(PhaseStarted p)
    {
        if (p.Phase == PhaseStarted.RealClock)
        {
            _slackMs = Tolerance.RealClockSlackMs;
            return;
        }

        _iteration = null;
        _phase = p.Phase;
        FlushPendingMisses();
        if (p.Phase != PhaseStarted.Dispose)
        {
            return;
        }

        foreach (var r in _state.Registrations.Values.Where(r => r.Removed && r.HasFf && r.FreeCount == 0))
        {
            Emit(new FreeMissing(p.Seq, p.Iteration, r.RegKey, r.RemovedWhileDisabled));
        }

        _liveAtDispose = _state.Watches.Count + _state.Timers.Count;
        _liveWithFfAtDispose = _state.Watches.Keys.Concat(_state.Timers.Keys).Count(k => _state.Registrations[k].HasFf);
    }

    private void Finish()
    {
        FlushPendingMisses();
        EmitFdGrowth();
        Emit(new DisposeObserved(int.MaxValue, _state.Iteration, _liveAtDispose, _freesDuringDispose, null) { LiveWithFf = _liveWithFfAtDispose });
        EmitThrowObserved();

        foreach (var (slot, info) in _closedSlots)
        {
            foreach (var w in _state.Registrations.Values.Where(r => !r.IsTimer && r.Slot == slot && r.Id > 0))
            {
                Emit(new ClosedFdObserved(info.Seq, info.Iteration, w.RegKey, _afterClose.GetValueOrDefault(w.RegKey)));
            }
        }
    }
}
