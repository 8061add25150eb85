using System.Collections.Immutable;

namespace ConformanceKit.Harness.Engine;

/// <summary>Accumulates one rule's <see cref="ChoiceComparison"/>, unit by unit in origin order
/// (so that parallel jobs and merged shards give the same).</summary>
internal sealed class ChoiceTally(string ruleId)
{
    private readonly List<(string Choice, int Runs, int First)> _loop = [];
    private readonly List<(string Choice, int Runs, int First)> _reference = [];
    private bool _seen;
    private int _runs;
    private int _differing;
    private int _firstDifference = -1;

    /// <summary>Takes a unit's choices; a unit the reference did not run, or in which the loop
    /// hung or crashed (it chose nothing), compares nothing.</summary>
    public void Add(UnitResult r)
    {
        if (r.ReferenceChoices is not { } reference || r.Hung || r.Crashed)
        {
            return;
        }

        var mine = r.Choices.GetValueOrDefault(ruleId, []);
        var theirs = reference.GetValueOrDefault(ruleId, []);
        if (mine.IsDefaultOrEmpty && theirs.IsDefaultOrEmpty)
        {
            return;
        }

        _seen = true;
        Count(_loop, mine, r.Unit.Origin);
        Count(_reference, theirs, r.Unit.Origin);
        if (mine.IsDefaultOrEmpty || theirs.IsDefaultOrEmpty)
        {
            // Only one of them came to the point where the rule shows a choice (two timers due
            // at once, say): a run that went another way, not another choice.
            return;
        }

        _runs++;
        if (!mine.SequenceEqual(theirs))
        {
            _differing++;
            _firstDifference = _firstDifference < 0 ? r.Unit.Origin : _firstDifference;
        }
    }

    /// <summary>Null when no scenario showed a choice of the rule.</summary>
    public ChoiceComparison? ToResult() => !_seen ? null
        : new(_runs, _differing, _firstDifference, [.. _loop.Select(c => new ChoiceCount(c.Choice, c.Runs, c.First))], [.. _reference.Select(c => new ChoiceCount(c.Choice, c.Runs, c.First))]);

    private static void Count(List<(string Choice, int Runs, int First)> counts, ImmutableArray<string> choices, int origin)
    {
        foreach (string c in choices.IsDefault ? [] : choices)
        {
            int i = counts.FindIndex(x => x.Choice == c);
            if (i < 0)
            {
                counts.Add((c, 1, origin));
            }
            else
            {
                counts[i] = counts[i] with { Runs = counts[i].Runs + 1 };
            }
        }
    }
}
