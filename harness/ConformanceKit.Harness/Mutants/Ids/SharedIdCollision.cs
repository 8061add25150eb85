namespace ConformanceKit.Harness.Mutants.Ids;

/// <summary>Derives a new id from the number of live registrations (<c>len(table) + 1</c>), a
/// common slip in hand-written loops: after any removal but the last, the next add returns an id
/// a live registration still holds, and the table entry of the older one is overwritten.</summary>
[Mutant("shared-id-collision", "live watch ids collide (id = live count + 1)", "IDS-3")]
internal sealed class SharedIdCollision(TimeProvider time) : RenumberingLoop(time)
{
    protected override int Issue(IdSpace space, int inner) => space.Live.Count + 1; // the bug
}
