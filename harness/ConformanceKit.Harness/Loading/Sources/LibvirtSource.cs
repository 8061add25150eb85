using ConformanceKit.Libvirt;

namespace ConformanceKit.Harness.Loading.Sources;

/// <summary><c>libvirt:default</c> and <c>libvirt-glib</c>: libvirt's own loops, driven through its
/// public virEvent* API; one per process (isolated) and on the system clock only.</summary>
internal sealed class LibvirtSource : ILoopSource
{
    public string Syntax => $"{LibvirtDefaultLoop.Spec}, {LibvirtGlibLoop.Spec}";

    public bool Claims(string spec) => spec is LibvirtDefaultLoop.Spec or LibvirtGlibLoop.Spec;

    public LoadedLoop Load(string spec)
    {
        if (LibvirtAvailability.Problem(needLibvirtGlib: spec == LibvirtGlibLoop.Spec) is { } problem)
        {
            throw new BadInputException($"{spec}: {problem}");
        }

        return spec == LibvirtDefaultLoop.Spec
            ? new LoadedLoop(spec, _ => new LibvirtDefaultLoop(), false, RequiresIsolation: true)
            : new LoadedLoop(spec, _ => new LibvirtGlibLoop(), false, RequiresIsolation: true);
    }
}
