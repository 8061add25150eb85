using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConformanceKit.Harness;

/// <summary>A tier of the harness: how its cases reach the loop. The one type tier names come
/// from: the rules (which tier judges them), the engine's units, the CLI's <c>--tier</c>, the
/// reports and the counterexample files (as <see cref="Name"/>).</summary>
[JsonConverter(typeof(TierJson))]
public sealed class Tier
{
    /// <summary>Named cases and generated scenarios, the harness stepping the loop on the virtual
    /// clock (on the system clock for a loop with no TimeProvider constructor).</summary>
    public static readonly Tier Deterministic = new("deterministic");

    /// <summary>Real threads call the loop while it runs on its own thread (THREAD-*, FREE-5).</summary>
    public static readonly Tier Threaded = new("threaded");

    /// <summary>Real libvirt drives the loop through virEventRegisterImpl.</summary>
    public static readonly Tier Native = new("native");

    /// <summary>What a report calls the deterministic tier's cases run on the system clock, for a
    /// loop with no TimeProvider constructor (not a tier of its own: its cases are the
    /// deterministic tier's).</summary>
    public const string RealClockName = "real-clock";

    private Tier(string name) => Name = name;

    /// <summary>Every tier, in the order a certification runs them.</summary>
    public static IReadOnlyList<Tier> All { get; } = [Deterministic, Threaded, Native];

    /// <summary>As the CLI, the reports and the files spell it.</summary>
    public string Name { get; }

    /// <summary>The tier of that name; null for none. <see cref="RealClockName"/> is read as the
    /// deterministic tier: counterexample files once carried it where they now record their clock.</summary>
    public static Tier? Parse(string? name) => name == RealClockName ? Deterministic : All.FirstOrDefault(t => t.Name == name);

    public override string ToString() => Name;

    /// <summary>Written and read as its name; a name no tier has is an error of the file.</summary>
    private sealed class TierJson : JsonConverter<Tier>
    {
        public override Tier Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetString() is var name && Parse(name) is { } tier ? tier
            : throw new JsonException($"'{name}' is not a tier (one of {string.Join(", ", All)})");

        public override void Write(Utf8JsonWriter writer, Tier value, JsonSerializerOptions options) => writer.WriteStringValue(value.Name);
    }
}
