using System.Collections.Immutable;
using ConformanceKit.FakeLibvirt.Trace;
using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Harness.Engine;

/// <summary>Tells a failure as a short story: one line per step with what the loop answered and
/// called back, the failing point marked, then expected, actual and the replay command.</summary>
public static class Story
{
    public static ImmutableArray<string> Tell(string header, ImmutableArray<TraceEvent> trace, Finding finding, string replay)
    {
        var lines = new List<string> { header };
        var steps = new List<(string Text, List<string> Notes, bool Marked)>();
        (string Text, List<string> Notes, bool Marked) current = ("(before the first step)", [], false);
        foreach (var e in trace)
        {
            if (e is StepStarted s)
            {
                steps.Add(current);
                current = ($"{s.Step + 1}. {s.Text}", [], false);
                continue;
            }

            if (e is PhaseStarted { Phase: "real-clock" })
            {
                lines.Add("     (on the real clock: clock moves are sleeps, capped; timing rules allow a slack)");
                continue;
            }

            if (e is PhaseStarted p)
            {
                steps.Add(current);
                current = (p.Phase == "settle" ? "then: settle (what is live disabled; iterations until the free callbacks have run)" : "then: dispose the loop", [], false);
                continue;
            }

            string? note = Note(e);
            if (note is not null && current.Notes.Count < 6)
            {
                current.Notes.Add(note);
            }

            if (e.Seq == finding.Seq)
            {
                current.Marked = true;
            }
        }

        steps.Add(current);
        foreach (var (text, notes, marked) in steps.Where(s => s.Notes.Count > 0 || s.Text[0] != '('))
        {
            string body = notes.Count == 0 ? text : $"{text}  -> {string.Join("; ", notes)}";
            lines.Add((marked ? "  >> " : "     ") + body + (marked ? $"   <-- {finding.RuleId}" : string.Empty));
        }

        lines.Add($"expected: {string.Join(" or ", finding.Expected)}");
        lines.Add($"actual:   {finding.Actual}");
        lines.Add($"replay:   {replay}");
        return [.. lines];
    }

    private static string? Note(TraceEvent e) => e switch
    {
        CallEnded { Exception: not null } c => $"{c.Call} threw {c.Exception}",
        CallEnded { Call: FakeLibvirt.Trace.CallKind.AddHandle or FakeLibvirt.Trace.CallKind.AddTimeout or FakeLibvirt.Trace.CallKind.RemoveHandle or FakeLibvirt.Trace.CallKind.RemoveTimeout } c
            => $"{(e.InCallback ? "(in callback) " : string.Empty)}{c.Call} r{c.RegKey} returned {c.Result}",
        HandleDispatched h => $"called r{h.RegKey} with {h.Events}",
        TimerFired t => $"fired r{t.RegKey} at {t.TimeMs} ms",
        FreeCalled f => $"ff of r{f.RegKey}{(f.Stack.Any(fr => fr.Kind == FrameKind.Call) ? " inside " + f.Stack.Last(fr => fr.Kind == FrameKind.Call) : string.Empty)}",
        IterationEnded { Exception: not null } i => $"RunOnce threw {i.Exception}",
        _ => null,
    };
}
