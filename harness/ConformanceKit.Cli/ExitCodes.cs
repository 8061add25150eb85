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

    /// <summary>The harness itself failed: an exception of its own, or the reference loop, run
    /// alongside on every scenario, failed one (the model is in doubt, not the loop; the scenario
    /// is saved in counterexamples/reference/).</summary>
    public const int HarnessFailure = 3;

    /// <summary>What a certification (or a merge of one) exits with; a reference failure is said
    /// on stderr, one line each, so that it is never read as the loop's.</summary>
    public static int Of(Harness.Engine.CertificationResult r, string outDir)
    {
        foreach (var c in r.ReferenceFailures)
        {
            Console.Error.WriteLine($"conformancekit: the harness failed: {Reports.ResultFacts.ReferenceFailure(c, outDir)}");
        }

        return !r.ReferenceFailures.IsEmpty ? HarnessFailure : Reports.ResultFacts.Certified(r) ? Certified : NotCertified;
    }
}
