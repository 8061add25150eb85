using System.Text.Json.Nodes;
using ConformanceKit.Tests.Reports;

namespace ConformanceKit.Tests.Cli;

/// <summary><c>replay</c> of a counterexample a person edited into something that cannot run
/// (issue 16, item 8): bad input, exit 2, one line; never a harness failure (exit 3) and never a
/// silent reinterpretation (slot 99 of 4 wrapped to slot 3 and "reproduced").</summary>
public sealed class EditedCounterexampleTests
{
    private static readonly Lazy<string> Original = new(() =>
    {
        string dir = Repo.NewTempDir("edit-cx");
        // A watch's counterexample (HANDLE-3/hangup-pipe: add_handle on a pipe, its writer closed),
        // so that there are slots and an add_handle to edit.
        var r = Tool.Run("certify", "--loop", "mutant:no-hangup-unless-asked", "--rules", "HANDLE-3", "--runs", "0", "--tier", "deterministic", "--out", dir, "--quiet");
        Assert.True(r.Exit == 1, $"certify exited {r.Exit}: {r.Out}{r.Err}");
        return File.ReadAllText(Path.Combine(dir, "counterexamples", "HANDLE-3.json"));
    });

    [Fact]
    public void TheUneditedFile_Reproduces() => Assert.Equal(1, Replay(_ => { }).Exit);

    [Fact]
    public void NoSlots_IsBadInput() =>
        Tool.AssertBadInput(Replay(cx => cx["scenario"]!["slots"] = new JsonArray()), "but the scenario has 0 slots");

    [Fact]
    public void ASlotBeyondTheSlots_IsBadInput() =>
        Tool.AssertBadInput(Replay(cx => FirstAdd(cx)["slot"] = 99), "slot 99, but the scenario has 4 slots");

    [Fact]
    public void ANegativeSlot_IsBadInput() =>
        Tool.AssertBadInput(Replay(cx => FirstAdd(cx)["slot"] = -1), "slot -1");

    [Fact]
    public void AMaskLibvirtNeverPasses_IsBadInput() =>
        Tool.AssertBadInput(Replay(cx => FirstAdd(cx)["mask"] = "Readable, Hangup"), "mask");

    private static JsonNode FirstAdd(JsonNode cx) =>
        cx["scenario"]!["steps"]!.AsArray().First(s => (string?)s!["op"] == "add_handle")!;

    private static (int Exit, string Out, string Err) Replay(Action<JsonNode> edit)
    {
        var cx = JsonNode.Parse(Original.Value)!;
        edit(cx);
        string file = Path.Combine(Repo.NewTempDir("edited"), "HANDLE-3.json");
        File.WriteAllText(file, cx.ToJsonString());
        return Tool.Run("replay", file);
    }
}
