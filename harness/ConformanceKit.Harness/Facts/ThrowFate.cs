namespace ConformanceKit.Harness.Facts;

/// <summary>What became of the exception a callback threw by script (LIFE-2): the fake core marks
/// the throw itself, so the loop's choice is seen whatever it is.</summary>
internal enum ThrowFate
{
    /// <summary>The loop caught it: the call or iteration that ran the callback returned normally.</summary>
    Swallowed,

    /// <summary>It went out of RunOnce as it was.</summary>
    OutOfRunOnce,

    /// <summary>RunOnce threw another exception in its place (the loop wrapped or replaced it).</summary>
    ReplacedOutOfRunOnce,

    /// <summary>It went out of the loop's call that ran the callback (add, update or remove), not RunOnce.</summary>
    OutOfCall,
}
