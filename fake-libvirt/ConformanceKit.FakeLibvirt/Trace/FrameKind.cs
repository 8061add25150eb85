namespace ConformanceKit.FakeLibvirt.Trace;

/// <summary>What the core was in the middle of when something happened.</summary>
public enum FrameKind
{
    /// <summary>Inside one of the six functions (a call into the loop).</summary>
    Call,

    /// <summary>Inside a handle callback.</summary>
    HandleCallback,

    /// <summary>Inside a timeout callback.</summary>
    TimeoutCallback,

    /// <summary>Inside a free callback.</summary>
    FreeCallback,

    /// <summary>Inside RunOnce.</summary>
    RunOnce,
}
