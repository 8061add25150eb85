using System.Collections.Immutable;
using ConformanceKit.FakeLibvirt.Script;

namespace ConformanceKit.FakeLibvirt.Core;

/// <summary>The core's record of one add call: what it asked for and what the loop returned.</summary>
/// <remarks>The core's <see cref="Key"/> (r1, r2, ...) identifies a registration independently
/// of the id the loop returned, because ids are what the rules judge.</remarks>
public sealed class Registration
{
    public required int Key { get; init; }

    public required bool IsTimer { get; init; }

    public int Slot { get; init; } = -1;

    public int Fd { get; init; } = -1;

    public required Opaque Opaque { get; init; }

    public required bool HasFf { get; init; }

    public ImmutableArray<Reaction> Reactions { get; init; } = [];

    /// <summary>The id the loop returned (int.MinValue before add returned).</summary>
    public int Id { get; set; } = int.MinValue;

    /// <summary>Current mask (watches) or frequency (timers), as the core last set it.</summary>
    public int Setting { get; set; }

    /// <summary>When the timer was last armed (added, updated, fired), virtual ms.</summary>
    public long ArmedAtMs { get; set; }

    public int Calls { get; set; }

    /// <summary>Calls that reported Hangup or Error (for <see cref="Script.Reaction.OnHangup"/>).</summary>
    public int HangupCalls { get; set; }

    /// <summary>True once remove returned 0 for it.</summary>
    public bool Removed { get; set; }

    /// <summary>True once its free callback ran.</summary>
    public bool Freed { get; set; }

    /// <summary>True when it was added from inside a callback (REENTRY-2).</summary>
    public bool AddedInCallback { get; init; }
}
