namespace ConformanceKit.Harness.Model;

/// <summary>What the model knows of one live watch.</summary>
/// <param name="RegKey">The core's registration key.</param>
/// <param name="Id">The id the loop returned.</param>
/// <param name="Slot">The fd slot (-1 for an fd the core did not make).</param>
/// <param name="Mask">The current mask.</param>
/// <param name="PastMasks">Every bit any earlier mask of this watch had (HANDLE-6 tells
/// "an old mask still applied" from "a bit nobody asked for").</param>
/// <param name="NewlyAsked">Bits the latest update added and that have not been delivered since.</param>
/// <param name="AddedInCallback">Added from inside a callback (REENTRY-2).</param>
/// <param name="EverDispatched">Called back at least once.</param>
/// <param name="LastDelivered">The bits delivered in <paramref name="LastDeliveredIteration"/>.</param>
/// <param name="LastDeliveredIteration">The iteration of the latest callback (0: never).</param>
public sealed record WatchModel(
    int RegKey,
    int Id,
    int Slot,
    HandleEvents Mask,
    HandleEvents PastMasks,
    HandleEvents NewlyAsked,
    bool AddedInCallback,
    bool EverDispatched,
    HandleEvents LastDelivered,
    int LastDeliveredIteration);
