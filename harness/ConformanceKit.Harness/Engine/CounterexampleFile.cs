using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ConformanceKit.FakeLibvirt.Script;

namespace ConformanceKit.Harness.Engine;

/// <summary>Reads and writes counterexample files (JSON, versioned by <c>schemaVersion</c>).</summary>
/// <remarks>Steps are written with an <c>op</c> discriminator ("add_handle", "run_once", ...) so a
/// person can read and edit a file; masks and actions are written as names.</remarks>
public static class CounterexampleFile
{
    public static readonly JsonSerializerOptions Json = CreateOptions();

    public static string PathFor(string outDir, string ruleId) => Path.Combine(outDir, "counterexamples", ruleId + ".json");

    /// <summary>Where a scenario the reference loop failed is saved (a harness failure, see
    /// <see cref="ReferenceRun"/>): apart from the loop's counterexamples, so neither is taken for the other.</summary>
    public static string ReferencePathFor(string outDir, string ruleId) => Path.Combine(ReferenceDir(outDir), ruleId + ".json");

    /// <summary>The folder of <see cref="ReferencePathFor"/>.</summary>
    public static string ReferenceDir(string outDir) => Path.Combine(outDir, "counterexamples", "reference");

    /// <summary>The text of the file at <paramref name="path"/>, stamped with the contract version
    /// this tool judged it under; its story ends with the command that replays that file, so the
    /// file reads on its own.</summary>
    public static string Serialize(Counterexample c, string path) =>
        JsonSerializer.Serialize(c with { ContractVersion = c.ContractVersion ?? Rules.RuleCatalogue.ContractVersion, Story = StoryAt(c, path) }, Json);

    /// <summary>The story of a counterexample saved at <paramref name="path"/>, as every report
    /// prints it: its lines, then the command that replays the file.</summary>
    public static ImmutableArray<string> StoryAt(Counterexample c, string path) => Story.WithReplay(c.Story, ToolCommand.Replay(path));

    /// <summary>Loads a file; throws <see cref="InvalidDataException"/> with a one-line reason
    /// when it is not a counterexample this version can replay.</summary>
    public static Counterexample Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"no such counterexample file: {path}");
        }

        string text = File.ReadAllText(path);
        int version;
        try
        {
            using var doc = JsonDocument.Parse(text);
            version = doc.RootElement.TryGetProperty("schemaVersion", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : -1;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {e.Message.Split('\n')[0]}");
        }

        if (version != Counterexample.CurrentSchemaVersion)
        {
            throw new InvalidDataException($"{path} has schemaVersion {version}; this tool replays version {Counterexample.CurrentSchemaVersion}");
        }

        Counterexample c;
        try
        {
            c = JsonSerializer.Deserialize<Counterexample>(text, Json) is { Scenario.Steps.IsDefault: false } read
                ? read
                : throw new InvalidDataException($"{path} has no scenario");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException)
        {
            throw new InvalidDataException($"{path} is not a counterexample: {e.Message.Split('\n')[0]}");
        }

        if (c.ContractVersion is int judged && judged != Rules.RuleCatalogue.ContractVersion)
        {
            throw new InvalidDataException($"{path} was judged under contract version {judged}; this tool judges version {Rules.RuleCatalogue.ContractVersion} (certify the loop again)");
        }

        // Threaded and native counterexamples carry no steps of their own (an empty scenario).
        if (c.Tier == Tier.Deterministic && ScenarioCheck.Problem(c.Scenario) is { } problem)
        {
            throw new InvalidDataException($"{path} cannot be replayed: {problem}");
        }

        // The replay line names where the file was saved; wherever it is read, it is said anew.
        return c with { Story = Story.WithoutReplay(c.Story) };
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var resolver = new DefaultJsonTypeInfoResolver();
        resolver.Modifiers.Add(info =>
        {
            if (info.Type != typeof(Step))
            {
                return;
            }

            info.PolymorphismOptions = new JsonPolymorphismOptions { TypeDiscriminatorPropertyName = "op" };
            foreach (var (type, op) in new (Type, string)[]
                     {
                         (typeof(AddWatch), "add_handle"), (typeof(UpdateWatch), "update_handle"), (typeof(RemoveWatch), "remove_handle"),
                         (typeof(AddTimer), "add_timeout"), (typeof(UpdateTimer), "update_timeout"), (typeof(RemoveTimer), "remove_timeout"),
                         (typeof(Far), "far_end"), (typeof(Advance), "advance"), (typeof(AdvanceToDue), "advance_to_due"), (typeof(Iterate), "run_once"), (typeof(CountFds), "count_fds"),
                     })
            {
                info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(type, op));
            }
        });
        return new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            TypeInfoResolver = resolver,
            Converters = { new JsonStringEnumConverter() },
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
    }
}
