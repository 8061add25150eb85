namespace ConformanceKit.Harness.Rules;

/// <summary>A rule's answer to one fact: not its business, fine, or a finding.</summary>
public readonly record struct Judgement(bool Applies, Finding? Finding)
{
    public static readonly Judgement Skip = new(false, null);

    public static readonly Judgement Pass = new(true, null);
}
