namespace ConformanceKit.Cli;

/// <summary>The tool's exit codes (documented in the README and in --help).</summary>
public static class ExitCodes
{
    /// <summary>Certified (or: the command did what was asked).</summary>
    public const int Certified = 0;

    /// <summary>Not certified: a MUST rule failed, crashed or hung; for replay: the failure reproduced.</summary>
    public const int NotCertified = 1;

    /// <summary>Bad input: unknown option, missing assembly, wrong type, bad counterexample file.</summary>
    public const int BadInput = 2;

    /// <summary>The harness itself failed.</summary>
    public const int HarnessFailure = 3;
}
