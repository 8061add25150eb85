namespace ConformanceKit.Harness.Facts;

/// <summary>add_handle or add_timeout returned (or threw).</summary>
/// <param name="WasLiveId">The returned id was already held by a live registration of the same kind (IDS-3).</param>
/// <param name="WasIssuedBefore">The returned id had been handed out before (IDS-4).</param>
internal sealed record AddReturned(int Seq, int Iteration, int RegKey, bool IsTimer, int Result, string? Exception, bool HasFf, bool WasLiveId, bool WasIssuedBefore, bool InCallback)
    : Fact(Seq, Iteration);

/// <summary>remove_handle or remove_timeout returned (or threw).</summary>
/// <param name="WasLive">The model held a live registration with that id (IDS-5).</param>
/// <param name="WasDisabled">That registration was a timer at -1 or a watch with mask 0 (FREE-7).</param>
/// <param name="TargetHasNullFf">That registration was added with a null ff (FREE-8).</param>
internal sealed record RemoveReturned(int Seq, int Iteration, int RegKey, bool IsTimer, int Id, int Result, string? Exception, bool WasLive, bool WasDisabled, bool TargetHasNullFf, bool InCallback)
    : Fact(Seq, Iteration)
{
    /// <summary>The loop's binding drops what remove returns and tells libvirt 0 (Perl's
    /// Sys::Virt): a remove that did not throw took the registration away as far as libvirt
    /// knows. Only IDS-5 judges <see cref="Result"/> then.</summary>
    public bool ResultDiscarded { get; init; }
}

/// <summary>update_handle or update_timeout returned (or threw).</summary>
internal sealed record UpdateReturned(int Seq, int Iteration, bool IsTimer, int Id, int Value, bool WasLive, string? Exception, bool InCallback)
    : Fact(Seq, Iteration);
