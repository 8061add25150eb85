using ConformanceKit;
using ConformanceKit.Specification;
using Xunit.Abstractions;

namespace SampleThirdPartyLoop;

/// <summary>All it takes to run the libvirt event-loop contract against your own loop: derive,
/// create the loop on the clock you are given, and list the SHOULD rules you deviate from on
/// purpose. Each rule then runs as its own test (IDS_1_..., FREE_3_..., ...).</summary>
public sealed class TinyPollLoopSpecificationTests(ITestOutputHelper output) : EventImplSpecificationTests(output)
{
    protected override EventImpl CreateLoop(TimeProvider time) => new TinyPollLoop(time);

    /// <summary>TinyPollLoop batches its free callbacks (see its remarks): FREE-6 is not met, on purpose.</summary>
    protected override IReadOnlySet<string> AcceptedDeviations { get; } = new HashSet<string> { "FREE-6" };
}
