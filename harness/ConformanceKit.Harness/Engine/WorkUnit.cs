using System.Text.Json;
using System.Text.Json.Serialization;
using ConformanceKit.FakeLibvirt.Script;
using ConformanceKit.Harness.Judging;

namespace ConformanceKit.Harness.Engine;

/// <summary>One unit of a certification: a case (<see cref="UnitCase"/>) at its place in the plan.
/// <see cref="Origin"/> orders the units and decides which shard owns them.</summary>
/// <remarks>A unit crosses a process boundary (an isolated worker's result) as its origin alone:
/// both sides compute the same plan, and the parent binds what it reads to its own unit
/// (<see cref="BoundTo"/>).</remarks>
[JsonConverter(typeof(WorkUnitJson))]
public sealed record WorkUnit(int Origin, UnitCase Case)
{
    /// <summary>This unit as <paramref name="planned"/>, the plan's unit of the same origin.</summary>
    public WorkUnit BoundTo(WorkUnit planned) =>
        planned.Origin == Origin ? planned : throw new InvalidOperationException($"unit {Origin} is not the plan's unit {planned.Origin}");

    private sealed class WorkUnitJson : JsonConverter<WorkUnit>
    {
        public override WorkUnit Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(reader.GetInt32(), Unbound.Instance);

        public override void Write(Utf8JsonWriter writer, WorkUnit value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Origin);
    }

    /// <summary>The case of a unit read from a worker before its parent binds it: nothing to ask.</summary>
    private sealed class Unbound : UnitCase
    {
        public static readonly Unbound Instance = new();

        public override Tier Tier => throw Fail();

        public override string? Id => throw Fail();

        public override string? AimedAt => throw Fail();

        public override bool CountsAsRun => throw Fail();

        public override int CounterexampleRun => throw Fail();

        public override string Name(CertifyOptions o) => throw Fail();

        public override string RerunArguments(CertifyOptions o, string timeout) => throw Fail();

        internal override UnitRun Run(UnitContext context, Scenario? scenario) => throw Fail();

        private static InvalidOperationException Fail() => new("a unit read from a worker is bound to its plan's unit (WorkUnit.BoundTo) before it is asked anything");
    }
}
