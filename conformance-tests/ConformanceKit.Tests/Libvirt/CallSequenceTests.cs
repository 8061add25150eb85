using System.Collections.Immutable;
using ConformanceKit.FakeLibvirt.Script;
using ConformanceKit.Libvirt;

namespace ConformanceKit.Tests.Libvirt;

/// <summary>The common vocabulary that lets a recorded libvirt run and a fake-core profile be
/// compared call by call (no libvirt needed).</summary>
public sealed class CallSequenceTests
{
    [Fact]
    public void Scenario_timer_reactions_appear_where_the_timer_fires()
    {
        var scenario = Scenario.Of(
            new AddTimer(-1, Reactions: [new Reaction(ReactionKind.UpdateSelf, Value: -1, Repeat: true)]),
            new Iterate(),
            new UpdateTimer(Target.Ref(0), 0),
            new Iterate(),
            new Iterate(),
            new UpdateTimer(Target.Ref(0), 0),
            new Iterate(),
            new RemoveTimer(Target.Ref(0)),
            new Iterate());
        Assert.Equal(
            ["add_timeout(-1)", "update_timeout(0)", "update_timeout(-1)", "update_timeout(0)", "update_timeout(-1)", "remove_timeout"],
            CallSequence.FromScenario(scenario));
    }

    [Fact]
    public void Scenario_one_shot_reaction_runs_on_the_first_fire_only()
    {
        var scenario = Scenario.Of(
            new AddTimer(0, Reactions: [new Reaction(ReactionKind.UpdateSelf, Value: 0)]),
            new Iterate(),
            new Iterate(),
            new AddTimer(0, Reactions: [new Reaction(ReactionKind.RemoveSelf)]),
            new Iterate());
        Assert.Equal(
            ["add_timeout(0)", "update_timeout(0)", "add_timeout(0)", "remove_timeout"],
            CallSequence.FromScenario(scenario));
    }

    [Fact]
    public void Scenario_watches_map_with_their_masks()
    {
        var scenario = Scenario.Of(
            new AddWatch(0, HandleEvents.Readable),
            new UpdateWatch(Target.Ref(0), HandleEvents.Readable | HandleEvents.Writable),
            new Far(0, FdAction.WriteToLoop),
            new Iterate(),
            new RemoveWatch(Target.Ref(0)));
        Assert.Equal(
            ["add_handle(Readable)", "update_handle(Readable, Writable)", "remove_handle"],
            CallSequence.FromScenario(scenario));
    }

    [Fact]
    public void Scenario_timer_at_N_fires_when_the_virtual_clock_reaches_N_ms_after_it_was_armed()
    {
        var scenario = Scenario.Of(
            new AddTimer(1000, Reactions: ImmutableArray.Create(new Reaction(ReactionKind.UpdateSelf, Value: 1000, Repeat: true))),
            new Advance(999),
            new Iterate(),                         // not due
            new Advance(1),
            new Iterate(),                         // due: fires, re-arms itself
            new Advance(500),
            new UpdateTimer(Target.Ref(0), 1000),  // restarts the interval
            new AdvanceToDue(Target.Ref(0), -1),
            new Iterate(),                         // not due
            new AdvanceToDue(Target.Ref(0), 0),
            new Iterate());                        // fires
        Assert.Equal(["add_timeout(1000)", "update_timeout(1000)", "update_timeout(1000)", "update_timeout(1000)"], CallSequence.FromScenario(scenario));
    }

    [Fact]
    public void Scenario_watch_reactions_run_when_its_fd_has_something_for_its_mask()
    {
        var scenario = Scenario.Of(
            new AddWatch(0, HandleEvents.Readable, Reactions: ImmutableArray.Create(new Reaction(ReactionKind.DrainOwnFd, Repeat: true), new Reaction(ReactionKind.UpdateSelf, Value: 1, Repeat: true))),
            new Iterate(),                                  // nothing to read
            new UpdateWatch(Target.Ref(0), HandleEvents.None),
            new Far(0, FdAction.WriteToLoop),
            new Iterate(),                                  // mask 0: not called back
            new UpdateWatch(Target.Ref(0), HandleEvents.Readable),
            new Iterate(),                                  // called back: drains, sets Readable
            new Iterate(),                                  // drained
            new Far(0, FdAction.CloseFarEnd),
            new Iterate(),                                  // the hangup
            new Iterate(),                                  // still hung up
            new RemoveWatch(Target.Ref(0)));
        Assert.Equal(
            ["add_handle(Readable)", "update_handle(None)", "update_handle(Readable)", "update_handle(Readable)", "update_handle(Readable)", "update_handle(Readable)", "remove_handle"],
            CallSequence.FromScenario(scenario));
    }

    [Fact]
    public void Scenario_parts_not_modelled_are_refused()
    {
        Assert.Throws<NotSupportedException>(() => CallSequence.FromScenario(Scenario.Of(new AddWatch(0, HandleEvents.Writable), new Far(0, FdAction.FillLoopEnd))));
        Assert.Throws<NotSupportedException>(() => CallSequence.FromScenario(Scenario.Of(
            new AddTimer(0, Reactions: ImmutableArray.Create(new Reaction(ReactionKind.Throw))), new Iterate())));
    }

    [Fact]
    public void Shape_collapses_repeats_and_keeps_the_moves()
    {
        var shape = CallSequence.Shape(["add_timeout(1000)", "update_timeout(1000)", "update_timeout(1000)", "remove_timeout"]);
        Assert.Equal("add_timeout(1000)", shape.First);
        Assert.Equal("remove_timeout", shape.Last);
        Assert.Equal(["add_timeout(1000) -> update_timeout(1000)", "update_timeout(1000) -> remove_timeout"], shape.Moves.Order());
    }

    [Fact]
    public void Recorded_run_keeps_the_six_functions_and_drops_what_the_loop_called()
    {
        LoopCall[] calls =
        [
            new(1, LoopCallKind.AddTimeout, 1, 0, -1, true, 1, false, 1),
            new(2, LoopCallKind.UpdateTimeout, 1, 0, 0, false, null, false, 1),
            new(3, LoopCallKind.TimeoutCallback, 1, 0, 0, false, null, false, 1),
            new(4, LoopCallKind.UpdateTimeout, 1, 0, -1, false, null, true, 1),
            new(5, LoopCallKind.AddHandle, 2, 7, 1, true, 2, false, 1),
            new(6, LoopCallKind.HandleCallback, 2, 7, 9, false, null, false, 1),
            new(7, LoopCallKind.RemoveHandle, 2, 0, 0, false, 0, false, 1),
            new(8, LoopCallKind.RemoveTimeout, 1, 0, 0, false, 0, false, 1),
            new(9, LoopCallKind.TimeoutFreeCallback, 1, 0, 0, false, null, false, 1),
            new(10, LoopCallKind.HandleFreeCallback, 2, 0, 0, false, null, false, 1),
        ];
        Assert.Equal(
            ["add_timeout(-1)", "update_timeout(0)", "update_timeout(-1)", "add_handle(Readable)", "remove_handle", "remove_timeout"],
            CallSequence.FromRecorded(calls));
    }

    [Fact]
    public void First_difference_names_the_call()
    {
        Assert.Null(CallSequence.FirstDifference(["a", "b"], ["a", "b"]));
        Assert.Equal("call 2: expected b, got c", CallSequence.FirstDifference(["a", "b"], ["a", "c"]));
        Assert.Equal("call 3: expected (end), got x", CallSequence.FirstDifference(["a", "b"], ["a", "b", "x"]));
    }
}
