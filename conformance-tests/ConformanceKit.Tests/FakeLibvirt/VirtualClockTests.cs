using ConformanceKit.FakeLibvirt.Core;
using Microsoft.Extensions.Time.Testing;

namespace ConformanceKit.Tests.FakeLibvirt;

/// <summary>Pins what the contract's XML docs (<see cref="EventImpl"/>'s remarks) tell a loop
/// author about the virtual clock: where it starts, and that milliseconds computed through
/// <see cref="double"/> from its timestamps come out a millisecond short (issue 16, item 9: a
/// newcomer's first loop did exactly that).</summary>
public sealed class VirtualClockTests
{
    [Fact]
    public void VirtualClock_StartsAt2000_WithTimestampsBeyondADoublesExactRange()
    {
        Assert.Equal(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), ScenarioRunner.Epoch);
        var clock = new FakeTimeProvider(ScenarioRunner.Epoch);
        Assert.True(clock.GetTimestamp() > 1L << 53, $"timestamp {clock.GetTimestamp()}");
    }

    [Fact]
    public void MillisecondsThroughDouble_AreSometimesOneShort_IntegerTicksNever()
    {
        var clock = new FakeTimeProvider(ScenarioRunner.Epoch);
        long start = clock.GetTimestamp();
        int short1 = 0;
        for (int ms = 0; ms < 1000; ms++)
        {
            long ts = clock.GetTimestamp();
            long viaDouble = (long)(ts * 1000.0 / clock.TimestampFrequency) - (long)(start * 1000.0 / clock.TimestampFrequency);
            long viaTicks = (ts - start) * 1000 / clock.TimestampFrequency;
            Assert.Equal(ms, viaTicks);
            Assert.Equal(ms, (long)clock.GetElapsedTime(start).TotalMilliseconds);
            short1 += viaDouble != ms ? 1 : 0;
            clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.True(short1 > 0, "every millisecond came out right through double: the XML docs' warning would be wrong");
    }
}
