using System.Collections.Immutable;
using ConformanceKit.FakeLibvirt.Script;
using ConformanceKit.FakeLibvirt.Trace;
using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Harness.Engine;

/// <summary>Tells a failure as a short story: one line per step with what the loop answered and
/// called back, the failing point marked, then expected and actual. The replay command is not
/// part of it: it depends on where the counterexample is saved, and <see cref="WithReplay"/>, the
/// one formatter, adds it wherever a story is printed or saved.</summary>
/// <remarks>
/// <para>One numbering: registrations are the core's r1, r2, ... everywhere, also in the steps'
/// own text when the scenario is given (a script's positional "watch #0" is resolved to the
/// registration it reached; see <see cref="StoryNames"/>).</para>
/// <para>A step or phase that ran several iterations (the settling at the end) shows each
/// iteration on a line of its own: flattened into one line, a callback of one iteration read as
/// the answer to a miss in another.</para>
/// </remarks>
public static class Story
{
    /// <summary>Notes kept per line: a story is read, not searched.</summary>
    private const int MaxNotes = 6;

    /// <summary>The start of a story's last line, the replay command's.</summary>
    public const string ReplayPrefix = "replay:   ";

    /// <summary>The story as it is printed or saved: its lines, then the command that replays it.</summary>
    public static ImmutableArray<string> WithReplay(IEnumerable<string> story, string replayCommand) => [.. story, ReplayPrefix + replayCommand];

    /// <summary>A story read back from a file or a report, without the replay line it was saved with.</summary>
    public static ImmutableArray<string> WithoutReplay(IEnumerable<string> lines) =>
        [.. lines.Where(l => !l.StartsWith(ReplayPrefix.TrimEnd(), StringComparison.Ordinal))];

    public static ImmutableArray<string> Tell(string header, ImmutableArray<TraceEvent> trace, Finding finding, Scenario? scenario = null)
    {
        var lines = new List<string> { header };
        var names = scenario is null ? null : StoryNames.Resolve(scenario, trace);
        var blocks = new List<Block>();
        var current = new Block("(before the first step)");
        foreach (var e in trace)
        {
            switch (e)
            {
                case StepStarted s:
                    blocks.Add(current);
                    current = new Block($"{s.Step + 1}. {names?.StepText(s.Step) ?? s.Text}");
                    continue;
                case PhaseStarted { Phase: PhaseStarted.RealClock }:
                    lines.Add("     (on the real clock: clock moves are sleeps, capped; timing rules allow a slack)");
                    continue;
                case PhaseStarted p:
                    blocks.Add(current);
                    current = new Block(PhaseText(p.Phase));
                    continue;
                case IterationStarted:
                    current.Segments.Add(new Segment(e.Iteration));
                    break;
            }

            var segment = current.Segments[^1];
            if (Note(e) is { } note && segment.Notes.Count < MaxNotes)
            {
                segment.Notes.Add(note);
            }

            if (e.Seq == finding.Seq)
            {
                segment.Marked = true;
            }
        }

        blocks.Add(current);
        foreach (var b in blocks.Where(b => b.Segments.Any(s => s.Notes.Count > 0) || b.Text[0] != '('))
        {
            Render(b, finding.RuleId, lines);
        }

        lines.Add($"expected: {string.Join(" or ", finding.Expected)}");
        lines.Add($"actual:   {finding.Actual}");
        return [.. lines];
    }

    /// <summary>A step's line; when it ran more than one iteration, its iterations below it, one
    /// line each (those with something to show, and the marked one).</summary>
    private static void Render(Block b, string ruleId, List<string> lines)
    {
        var iterations = b.Segments.Where(s => s.Iteration is not null).ToList();
        if (iterations.Count <= 1)
        {
            var notes = b.Segments.SelectMany(s => s.Notes).Take(MaxNotes).ToList();
            lines.Add(Line(b.Text, notes, b.Segments.Any(s => s.Marked), ruleId));
            return;
        }

        lines.Add(Line(b.Text, b.Segments[0].Notes, b.Segments[0].Marked, ruleId));
        foreach (var s in iterations.Where(s => s.Notes.Count > 0 || s.Marked))
        {
            lines.Add(Line($"  iteration {s.Iteration}", s.Notes.Count > 0 ? s.Notes : ["nothing called back"], s.Marked, ruleId));
        }
    }

    private static string Line(string text, IReadOnlyList<string> notes, bool marked, string ruleId) =>
        (marked ? "  >> " : "     ") + (notes.Count == 0 ? text : $"{text}  -> {string.Join("; ", notes)}") + (marked ? $"   <-- {ruleId}" : string.Empty);

    private static string PhaseText(string phase) => phase switch
    {
        "flush" => "then: iterations until the free callbacks have run",
        PhaseStarted.Settle => "then: settle (what is live disabled; iterations until the free callbacks have run)", // contract version 2's name for it
        PhaseStarted.Dispose => "then: dispose the loop",
        _ => $"then: {phase}",
    };

    private static string? Note(TraceEvent e) => e switch
    {
        CallEnded { Exception: not null } c => $"{c.Call} {Reg(c.RegKey, c.Id)} threw {c.Exception}",
        CallEnded { Call: CallKind.AddHandle or CallKind.AddTimeout or CallKind.RemoveHandle or CallKind.RemoveTimeout } c
            => $"{(e.InCallback ? "(in callback) " : string.Empty)}{c.Call} {Reg(c.RegKey, c.Id)} returned {c.Result}",
        HandleDispatched h => $"called r{h.RegKey} with {h.Events}",
        TimerFired t => $"fired r{t.RegKey} at {t.TimeMs} ms",
        FreeCalled f => $"ff of r{f.RegKey}{(f.Stack.Any(fr => fr.Kind == FrameKind.Call) ? " inside " + f.Stack.Last(fr => fr.Kind == FrameKind.Call) : string.Empty)}",
        IterationEnded { Exception: not null } i => $"RunOnce threw {i.Exception}",
        _ => null,
    };

    /// <summary>A registration of the core, or, for a call that named none (key 0), the id passed.</summary>
    private static string Reg(int key, int id) => key > 0 ? $"r{key}" : $"of id {id}";

    /// <summary>What one step (or phase) of the trace showed, split where iterations began.</summary>
    private sealed class Block(string text)
    {
        public string Text { get; } = text;

        public List<Segment> Segments { get; } = [new Segment(null)];
    }

    /// <summary>The notes of one iteration (or of what came before the first).</summary>
    private sealed class Segment(int? iteration)
    {
        public int? Iteration { get; } = iteration;

        public List<string> Notes { get; } = [];

        public bool Marked { get; set; }
    }
}
