using System.Collections.Immutable;
using ConformanceKit.FakeLibvirt.Script;

namespace ConformanceKit.Harness.Engine;

/// <summary>Shrinks a failing scenario to a small one that still fails the same rule.</summary>
/// <remarks>
/// Delta debugging over steps (drop halves, quarters, ... single steps), then simplification of
/// what is left (drop reactions, shorten clock moves). Each candidate is a real run against the
/// loop; the budget bounds the runs. Targets resolve by position at run time, so every
/// candidate is a valid scenario.
/// </remarks>
internal static class Shrinker
{
    public const int DefaultBudget = 600;

    public static (Scenario Scenario, int Runs) Shrink(Scenario failing, Func<Scenario, bool> stillFails, int budget = DefaultBudget)
    {
        int runs = 0;
        bool Try(Scenario s)
        {
            if (runs >= budget)
            {
                return false;
            }

            runs++;
            return stillFails(s);
        }

        var current = failing;
        bool progress = true;
        while (progress && runs < budget)
        {
            progress = false;
            for (int chunk = Math.Max(1, current.Steps.Length / 2); chunk >= 1; chunk /= 2)
            {
                for (int i = 0; i + chunk <= current.Steps.Length;)
                {
                    var candidate = current.WithSteps(current.Steps.RemoveRange(i, chunk));
                    if (Try(candidate))
                    {
                        current = candidate;
                        progress = true;
                    }
                    else
                    {
                        i += chunk;
                    }
                }
            }

            for (int i = 0; i < current.Steps.Length; i++)
            {
                foreach (var simpler in Simplifications(current.Steps[i]))
                {
                    var candidate = current.WithSteps(current.Steps.SetItem(i, simpler));
                    if (Try(candidate))
                    {
                        current = candidate;
                        progress = true;
                        break;
                    }
                }
            }
        }

        return (current, runs);
    }

    private static IEnumerable<Step> Simplifications(Step step)
    {
        switch (step)
        {
            case AddWatch { Reactions.IsDefaultOrEmpty: false } a:
                yield return a with { Reactions = [] };
                foreach (var r in a.Reactions)
                {
                    yield return a with { Reactions = a.Reactions.Remove(r) };
                }

                break;
            case AddTimer { Reactions.IsDefaultOrEmpty: false } t:
                yield return t with { Reactions = [] };
                foreach (var r in t.Reactions)
                {
                    yield return t with { Reactions = t.Reactions.Remove(r) };
                }

                break;
            case Advance { Ms: > 1 } adv:
                yield return adv with { Ms = 1 };
                yield return adv with { Ms = adv.Ms / 2 };
                break;
        }
    }
}
