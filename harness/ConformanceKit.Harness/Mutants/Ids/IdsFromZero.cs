namespace ConformanceKit.Harness.Mutants.Ids;

/// <summary>Numbers watches and timers from 0, as libvirtaio (libvirt-python's asyncio loop) does:
/// the first add returns 0, which is not a positive id, and libvirt treats it as failure.</summary>
[Mutant("ids-from-zero", "first id is 0 (as libvirtaio does)", "IDS-1", "IDS-2")]
internal sealed class IdsFromZero(TimeProvider time) : RenumberingLoop(time)
{
    protected override int Issue(IdSpace space, int inner) => inner - 1; // the bug: counts from 0
}
