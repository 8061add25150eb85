namespace ConformanceKit.Harness.Model;

/// <summary>What the model knows of one live timer.</summary>
/// <param name="RegKey">The core's registration key.</param>
/// <param name="Id">The id the loop returned.</param>
/// <param name="Frequency">-1 disabled, 0 every iteration, N ms.</param>
/// <param name="ArmedAtMs">When it was armed: added, updated, or last fired (TIMER-3).</param>
/// <param name="ChangedByUpdate">The latest change was update_timeout and it has not fired since (TIMER-5).</param>
/// <param name="DueBeforeUpdateMs">The deadline it had before the latest update, if it had one (TIMER-6).</param>
/// <param name="ArmedBeforeUpdateMs">When it had been armed before the latest update (TIMER-6).</param>
/// <param name="AddedInCallback">Added from inside a callback (REENTRY-2).</param>
/// <param name="EverFired">Fired at least once.</param>
/// <param name="Updates">How many times update_timeout changed it: a miss before an update and one
/// after it are two obligations, not one obligation missed twice.</param>
/// <param name="ZeroBeforeUpdateIteration">It was at frequency 0 before the latest update: the
/// iteration after that update, in which a fire still owed to "every iteration" comes (TIMER-6);
/// frequency 0 has no deadline for <paramref name="DueBeforeUpdateMs"/> to hold.</param>
public sealed record TimerModel(
    int RegKey,
    int Id,
    int Frequency,
    long ArmedAtMs,
    bool ChangedByUpdate,
    long? DueBeforeUpdateMs,
    long? ArmedBeforeUpdateMs,
    bool AddedInCallback,
    bool EverFired,
    int Updates = 0,
    int? ZeroBeforeUpdateIteration = null)
{
    /// <summary>The moment it falls due, or null when disabled or every-iteration.
    /// Long arithmetic: int.MaxValue ms added to any run time cannot overflow (TIMER-9).</summary>
    public long? DueMs => Frequency > 0 ? ArmedAtMs + Frequency : null;
}
