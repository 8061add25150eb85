namespace ConformanceKit.Harness.Mutants.Ids;

/// <summary>Hands out the smallest id not currently live, the way file descriptors are allocated:
/// a freed id comes back at the next add, so a late remove from libvirt (which may still hold the
/// old id) removes a stranger's registration.</summary>
[Mutant("ids-reused", "a freed id is handed out again", "IDS-4")]
internal sealed class IdsReused(TimeProvider time) : RenumberingLoop(time)
{
    protected override int Issue(IdSpace space, int inner)
    {
        int id = 1;
        while (space.Live.ContainsKey(id))
        {
            id++; // the bug: the lowest free id, not a fresh one
        }

        return id;
    }
}
