using System.Collections.Immutable;
using System.Text.RegularExpressions;
using ConformanceKit.FakeLibvirt.Script;
using ConformanceKit.FakeLibvirt.Trace;

namespace ConformanceKit.Harness.Engine;

/// <summary>A story's step texts with the script's positional targets ("watch #0": the first
/// watch the script added, counted round) replaced by the registration each one reached (r1, ...),
/// so that a story numbers registrations one way (issue 16: "timer #0" beside "r1").</summary>
/// <remarks>Resolved from the trace, as the core resolved them: a step's own target by its first
/// top-level call (an <see cref="AdvanceToDue"/>, which makes no call, by the timers added so far),
/// a reaction's by the call it made in the first run of its callback (every reaction runs then).
/// A target that reached nothing reads "(none added yet)"; one never resolved (its callback never
/// ran) keeps its position, which is then all there is to say.</remarks>
internal sealed partial class StoryNames
{
    private readonly Dictionary<int, string> _texts = [];

    public string? StepText(int step) => _texts.GetValueOrDefault(step);

    public static StoryNames Resolve(Scenario scenario, ImmutableArray<TraceEvent> trace)
    {
        var names = new StoryNames();
        var timers = new List<int>();
        var firstCallback = new Dictionary<int, List<CallStarted>>();
        var running = new HashSet<int>();
        var stepCalls = new Dictionary<int, List<CallStarted>>();
        var timersAtStep = new Dictionary<int, int[]>();
        int step = -1;
        foreach (var e in trace)
        {
            if (e is StepStarted s)
            {
                step = s.Step;
                stepCalls[step] = [];
                timersAtStep[step] = [.. timers];
                continue;
            }

            if (e is PhaseStarted)
            {
                step = -1;
            }

            if (e is HandleDispatched or TimerFired)
            {
                int key = e is HandleDispatched h ? h.RegKey : ((TimerFired)e).RegKey;
                if (firstCallback.TryAdd(key, []))
                {
                    running.Add(key);
                }
            }
            else if (e is CallbackReturned r)
            {
                running.Remove(r.RegKey);
            }
            else if (e is CallStarted c)
            {
                if (c.Call == CallKind.AddTimeout)
                {
                    timers.Add(c.RegKey);
                }

                var owner = e.Stack.LastOrDefault(f => f.Kind is FrameKind.HandleCallback or FrameKind.TimeoutCallback);
                if (owner.Kind is FrameKind.HandleCallback or FrameKind.TimeoutCallback)
                {
                    // A call made directly by a callback in its first run (not by a callback nested in it).
                    if (running.Contains(owner.RegKey) && e.Stack[^1] == owner)
                    {
                        firstCallback[owner.RegKey].Add(c);
                    }
                }
                else if (step >= 0)
                {
                    stepCalls[step].Add(c);
                }
            }
        }

        for (int i = 0; i < scenario.Steps.Length; i++)
        {
            var calls = stepCalls.GetValueOrDefault(i) ?? [];
            var resolved = scenario.Steps[i] switch
            {
                UpdateWatch { Target.IsRaw: false } or RemoveWatch { Target.IsRaw: false } or UpdateTimer { Target.IsRaw: false } or RemoveTimer { Target.IsRaw: false }
                    => [calls.Count > 0 ? Name(calls[0].RegKey) : null],
                AdvanceToDue { Timer.IsRaw: false } d => [OfTimers(timersAtStep.GetValueOrDefault(i) ?? [], d.Timer.Value)],
                AddWatch a => Reactions(a.Reactions, calls, firstCallback),
                AddTimer t => Reactions(t.Reactions, calls, firstCallback),
                _ => new List<string?>(),
            };
            if (resolved.Count > 0)
            {
                names._texts[i] = Substitute(scenario.Steps[i].Describe(), resolved);
            }
        }

        return names;
    }

    /// <summary>The names reached by the reactions that have a positional target, in order.</summary>
    private static List<string?> Reactions(ImmutableArray<Reaction> reactions, List<CallStarted> stepCalls, Dictionary<int, List<CallStarted>> firstCallback)
    {
        var result = new List<string?>();
        var add = stepCalls.FirstOrDefault(c => c.Call is CallKind.AddHandle or CallKind.AddTimeout);
        var made = add is not null && firstCallback.TryGetValue(add.RegKey, out var list) ? list : null;
        int next = 0;
        foreach (var r in reactions)
        {
            int callsOf = r.Kind switch
            {
                ReactionKind.DrainOwnFd or ReactionKind.WriteToSlot or ReactionKind.Throw => 0,
                ReactionKind.RemoveUnknown => 2,
                _ => 1,
            };
            if (r.Target is { IsRaw: false } && r.Kind is ReactionKind.RemoveOtherWatch or ReactionKind.RemoveOtherTimer or ReactionKind.UpdateOtherWatch or ReactionKind.UpdateOtherTimer)
            {
                result.Add(made is not null && next < made.Count ? Name(made[next].RegKey) : null);
            }

            next += callsOf;
        }

        return result;
    }

    private static string? OfTimers(int[] timers, int k) =>
        timers.Length == 0 ? NoneYet : $"r{timers[((k % timers.Length) + timers.Length) % timers.Length]}";

    private const string NoneYet = "(none added yet)";

    private static string Name(int key) => key > 0 ? $"r{key}" : NoneYet;

    /// <summary>Replaces the n-th positional target of <paramref name="text"/> by the n-th name
    /// (null: left as it is).</summary>
    private static string Substitute(string text, List<string?> names)
    {
        int n = 0;
        return Positional().Replace(text, m =>
        {
            string? name = n < names.Count ? names[n] : null;
            n++;
            return name is null ? m.Value : $"{m.Groups[1].Value} {name}";
        });
    }

    [GeneratedRegex(@"\b(watch|timer) #-?\d+")]
    private static partial Regex Positional();
}
