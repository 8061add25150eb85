namespace ConformanceKit.FakeLibvirt.Trace;

/// <summary>One entry of the core's call stack: the kind, the call (for
/// <see cref="FrameKind.Call"/>) and the registration it concerns (0 if none).</summary>
public readonly record struct Frame(FrameKind Kind, CallKind Call, int RegKey)
{
    public override string ToString() => Kind switch
    {
        FrameKind.Call => $"{Call}(r{RegKey})",
        FrameKind.HandleCallback => $"handle-cb(r{RegKey})",
        FrameKind.TimeoutCallback => $"timer-cb(r{RegKey})",
        FrameKind.FreeCallback => $"ff(r{RegKey})",
        _ => "RunOnce",
    };
}
