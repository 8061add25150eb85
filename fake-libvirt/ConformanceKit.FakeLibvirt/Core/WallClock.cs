namespace ConformanceKit.FakeLibvirt.Core;

/// <summary>The one place in the fake core that reads the system clock or sleeps: runs on the real
/// clock, for loops that cannot take a TimeProvider (libvirt's own). <c>BannedSymbols.txt</c> bans
/// these calls everywhere else in this project (analyzer RS0030, an error), so the deterministic
/// path cannot reach the wall clock by accident.</summary>
internal static class WallClock
{
#pragma warning disable RS0030 // the allowed use of the banned clock and sleep calls
    public static TimeProvider Provider => TimeProvider.System;

    /// <summary>Milliseconds since the moment this is called, on the system clock.</summary>
    public static Func<long> MillisecondsFromNow()
    {
        long start = TimeProvider.System.GetTimestamp();
        return () => (long)TimeProvider.System.GetElapsedTime(start).TotalMilliseconds;
    }

    public static void Sleep(long ms) => Thread.Sleep(TimeSpan.FromMilliseconds(ms));
#pragma warning restore RS0030
}
