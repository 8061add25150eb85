using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Life;

/// <summary>LIFE-4 (SHOULD): a removed registration leaves nothing of the loop's own behind: once its ff has run, the loop holds no more fds than before it was added (a loop that leaks an fd per add_handle exhausts a long-running client's descriptors).</summary>
/// <remarks>Only growth that repeats counts: the case adds and removes a watch several times and
/// counts the process's fds before each add and after each ff; one cycle that grew may be the
/// runtime opening a file, every cycle growing is the loop.</remarks>
internal sealed class Life4NoFdLeftBehind : Rule
{
    public override string Id => "LIFE-4";

    public override RuleLevel Level => RuleLevel.Should;

    public override string Sentence => "a removed registration leaves nothing of the loop's own behind: once its ff has run, the loop holds no more fds than before it was added (a loop that leaks an fd per add_handle exhausts a long-running client's descriptors).";

    public override Judgement Judge(Fact fact) => fact switch
    {
        FdGrowthObserved g when g.Repeats => Remark(g, "as many fds after each ff as before its add",
            $"{string.Join(", ", g.Growth)} more fd(s) after each of {g.Growth.Length} add/remove cycles"),
        FdGrowthObserved => Judgement.Pass,
        _ => Judgement.Skip,
    };
}
