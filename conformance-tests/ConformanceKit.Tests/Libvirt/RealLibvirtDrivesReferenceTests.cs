using ConformanceKit.FakeLibvirt.Workloads;
using ConformanceKit.Libvirt;
using ConformanceKit.Libvirt.Probes;

namespace ConformanceKit.Tests.Libvirt;

public sealed class RealLibvirtOnCallerThread() : ChildReportFixture<RealLibvirtRun>(false, () => LibvirtChildProcess.DriveReference());

public sealed class RealLibvirtOnLoopThread() : ChildReportFixture<RealLibvirtRun>(false, () => LibvirtChildProcess.DriveReference(loopOnOwnThread: true));

/// <summary>Real libvirt 9.0.0 (<c>test:///default</c>) drives the reference loop through
/// <c>virEventRegisterImpl</c>, in a child process of its own: suspend, resume, destroy and start
/// the domain "test" and watch the lifecycle events arrive through the loop.</summary>
public sealed class RealLibvirtDrivesReferenceTests(RealLibvirtOnCallerThread caller, RealLibvirtOnLoopThread threaded)
    : IClassFixture<RealLibvirtOnCallerThread>, IClassFixture<RealLibvirtOnLoopThread>
{
    /// <summary>What libvirt 9.0.0 calls for four lifecycle events, one at a time.</summary>
    private static readonly string[] FourEvents =
    [
        "add_timeout(-1)",
        "update_timeout(0)", "update_timeout(-1)",
        "update_timeout(0)", "update_timeout(-1)",
        "update_timeout(0)", "update_timeout(-1)",
        "update_timeout(0)", "update_timeout(-1)",
        "remove_timeout",
    ];

    public static TheoryData<string> Modes => ["caller thread", "loop thread"];

    [Theory]
    [MemberData(nameof(Modes))]
    public void Run_succeeds(string mode)
    {
        RealLibvirtRun run = Run(mode);
        Assert.True(run.Failure is null, $"{mode}: {run.Failure}\n{Story(run)}");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Lifecycle_events_arrive_suspended_resumed_stopped_started(string mode)
    {
        RealLibvirtRun run = Run(mode);
        Assert.Equal(["SUSPENDED", "RESUMED", "STOPPED", "STARTED"], run.Events.Select(e => e.TypeName));
        Assert.Equal([DomainEventTypes.Suspended, DomainEventTypes.Resumed, DomainEventTypes.Stopped, DomainEventTypes.Started], run.Events.Select(e => e.Type));
        Assert.All(run.Events, e => Assert.Equal("test", e.Domain));
        Assert.Equal(1, run.Events.Single(e => e.Type == DomainEventTypes.Stopped).Detail); // VIR_DOMAIN_EVENT_STOPPED_DESTROYED
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Libvirt_calls_show_up_in_the_exact_order(string mode)
    {
        RealLibvirtRun run = Run(mode);
        Assert.True(CallSequence.FirstDifference(FourEvents, run.LibvirtCalls) is null,
            $"{mode}: {CallSequence.FirstDifference(FourEvents, run.LibvirtCalls)}\n{Story(run)}");
        Assert.DoesNotContain(run.Calls, c => c.Kind is LoopCallKind.AddHandle or LoopCallKind.UpdateHandle or LoopCallKind.RemoveHandle);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Event_timer_is_added_disabled_with_an_ff_and_its_ff_runs_after_removal(string mode)
    {
        RealLibvirtRun run = Run(mode);
        LoopCall add = run.Calls.First();
        Assert.Equal(LoopCallKind.AddTimeout, add.Kind);
        Assert.Equal(-1, add.Value);
        Assert.True(add.HasFf);
        Assert.Equal(1, add.Return);
        Assert.Equal(1, run.EventTimerId);

        LoopCall remove = run.Calls.Single(c => c.Kind == LoopCallKind.RemoveTimeout);
        Assert.Equal(0, remove.Return);
        Assert.False(remove.InsideCallback);
        Assert.True(run.EventTimerFfRan);
        LoopCall ff = run.Calls.Single(c => c.Kind == LoopCallKind.TimeoutFreeCallback);
        Assert.Equal(run.EventTimerId, ff.Id);
        Assert.True(ff.Seq > remove.Seq, "the ff ran before remove_timeout");
        Assert.False(ff.InsideCallback);
        Assert.Equal(ff, run.Calls[^1]);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Each_event_is_delivered_from_the_timer_callback_after_it_disabled_itself(string mode)
    {
        RealLibvirtRun run = Run(mode);
        foreach (LifecycleEvent e in run.Events)
        {
            LoopCall fire = run.Calls.Last(c => c.Seq < e.Seq && c.Kind == LoopCallKind.TimeoutCallback);
            LoopCall disable = run.Calls.First(c => c.Seq > fire.Seq);
            Assert.Equal(LoopCallKind.UpdateTimeout, disable.Kind);
            Assert.Equal(-1, disable.Value);
            Assert.True(disable.InsideCallback);
            // Delivered right after the disable: no other crossing between them.
            Assert.True(e.Seq > disable.Seq);
            Assert.DoesNotContain(run.Calls, c => c.Seq > disable.Seq && c.Seq < e.Seq);
            LoopCall arm = run.Calls.Last(c => c.Seq < fire.Seq && c.Kind == LoopCallKind.UpdateTimeout);
            Assert.Equal(0, arm.Value);
            Assert.False(arm.InsideCallback);
        }
    }

    [Fact]
    public void On_a_loop_thread_libvirt_arms_from_the_caller_and_disarms_from_the_loop()
    {
        RealLibvirtRun run = Run("loop thread");
        int caller = run.Calls[0].Thread;
        Assert.All(run.Calls.Where(c => c.Kind == LoopCallKind.UpdateTimeout && c.Value == 0), c => Assert.Equal(caller, c.Thread));
        int[] loopThreads = [.. run.Calls.Where(c => c.Kind is LoopCallKind.TimeoutCallback or LoopCallKind.TimeoutFreeCallback).Select(c => c.Thread).Distinct()];
        Assert.Single(loopThreads);
        Assert.NotEqual(caller, loopThreads[0]);
        Assert.All(run.Calls.Where(c => c.Kind == LoopCallKind.UpdateTimeout && c.Value == -1), c => Assert.Equal(loopThreads[0], c.Thread));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Each_loop_call_comes_from_the_libvirt_call_that_causes_it(string mode)
    {
        RealLibvirtRun run = Run(mode);
        string Cause(LoopCall c) => run.Api.Last(a => a.Seq < c.Seq).Function;
        Assert.Equal("virConnectDomainEventRegisterAny(LIFECYCLE)", Cause(run.Calls.Single(c => c.Kind == LoopCallKind.AddTimeout)));
        Assert.Equal(
            ["virDomainSuspend", "virDomainResume", "virDomainDestroy", "virDomainCreate"],
            run.Calls.Where(c => c.Kind == LoopCallKind.UpdateTimeout && c.Value == 0).Select(Cause));
        Assert.Equal("virConnectDomainEventDeregisterAny", Cause(run.Calls.Single(c => c.Kind == LoopCallKind.RemoveTimeout)));
        Assert.All(run.Api, a => Assert.True(a.Result >= 0, $"{a.Function} -> {a.Result}\n{Story(run)}"));
    }

    /// <summary>The fake core's domain-event profile must make the calls real libvirt makes. The
    /// profile models as many events as it arms the timer for; real libvirt is run with that many
    /// operations and the two sequences must be equal call by call.</summary>
    [Fact]
    public void Fake_core_DomainEventQueue_profile_matches_real_libvirt_call_by_call()
    {
        LibvirtRequired.Check();
        IReadOnlyList<string> profile = CallSequence.FromScenario(LibvirtWorkloads.DomainEventQueue());
        int events = profile.Count(c => c == CallSequence.UpdateTimeout(0));
        Assert.InRange(events, 1, DomainOps.All.Count);
        RealLibvirtRun run = LibvirtChildProcess.DriveReference(DomainOps.All.Take(events));
        Assert.True(run.Failure is null, run.Failure);
        string? diff = CallSequence.FirstDifference(run.LibvirtCalls, profile);
        Assert.True(diff is null,
            $"LibvirtWorkloads.DomainEventQueue() differs from real libvirt {run.LibvirtVersion} ({events} events): {diff}\n" +
            $" real libvirt: {string.Join(", ", run.LibvirtCalls)}\n profile:      {string.Join(", ", profile)}");
    }

    private RealLibvirtRun Run(string mode) => mode == "loop thread" ? threaded.Report : caller.Report;

    private static string Story(RealLibvirtRun run) => string.Join('\n', run.Story());
}
