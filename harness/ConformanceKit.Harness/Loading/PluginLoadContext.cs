using System.Reflection;
using System.Runtime.Loader;

namespace ConformanceKit.Harness.Loading;

/// <summary>Loads a third-party loop's assembly the way .NET plugins are loaded: its own
/// dependencies resolved next to it, except those the harness itself ships, which are shared.</summary>
/// <remarks>Sharing the contract is what makes the loop's <see cref="EventImpl"/> ours. Sharing
/// the rest (the harness, the fake core, the clock package) matters as much: a loop built against
/// the harness, as every test loop is, would otherwise bring a second copy of it into the process,
/// with statics of its own; and under coverage that copy is the instrumented one beside the
/// tests, whose tracker raced the test host's for the same hits file.</remarks>
internal sealed class PluginLoadContext(string mainAssemblyPath) : AssemblyLoadContext(isCollectible: false)
{
    private readonly AssemblyDependencyResolver _resolver = new(mainAssemblyPath);

    /// <summary>The simple names of the assemblies the running program was started with (its
    /// trusted platform assemblies: the framework and everything in its deps.json).</summary>
    private static readonly Lazy<HashSet<string>> HostAssemblies = new(() =>
        ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .ToHashSet(StringComparer.OrdinalIgnoreCase));

    protected override Assembly? Load(AssemblyName name)
    {
        if (name.Name is null
            || name.Name == typeof(EventImpl).Assembly.GetName().Name
            || HostAssemblies.Value.Contains(name.Name))
        {
            return null; // the default context's copy: one EventImpl, one harness, for everyone
        }

        string? path = _resolver.ResolveAssemblyToPath(name);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        string? path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
