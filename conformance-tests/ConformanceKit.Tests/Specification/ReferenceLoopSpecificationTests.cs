using ConformanceKit.Reference;
using ConformanceKit.Specification;
using Xunit.Abstractions;

namespace ConformanceKit.Tests.Specification;

/// <summary>The specification class run against our reference loop: every rule is its own test, and
/// the reference loop passes them all, the threaded tier included.</summary>
public sealed class ReferenceLoopSpecificationTests(ITestOutputHelper output) : EventImplSpecificationTests(output)
{
    protected override EventImpl CreateLoop(TimeProvider time) => new ReferenceEventLoop(time);

    protected override bool RunThreadedTier => true;
}
