namespace ConformanceKit;

/// <summary>
/// What a loop calls when a timer falls due: libvirt's <c>virEventTimeoutCallback</c>.
/// </summary>
/// <param name="timer">The id that <see cref="EventImpl.AddTimeout"/> returned (TIMER-7).</param>
/// <param name="opaque">The very object given to add (TIMER-7).</param>
public delegate void TimeoutCallback(int timer, object? opaque);
