using System.Reflection;
using System.Runtime.Loader;

namespace ConformanceKit.Harness.Loading;

/// <summary>Loads a third-party loop's assembly the way .NET plugins are loaded: its own
/// dependencies resolved next to it, but the contract assembly shared with the harness, so its
/// <see cref="EventImpl"/> is our <see cref="EventImpl"/>.</summary>
internal sealed class PluginLoadContext(string mainAssemblyPath) : AssemblyLoadContext(isCollectible: false)
{
    private readonly AssemblyDependencyResolver _resolver = new(mainAssemblyPath);

    protected override Assembly? Load(AssemblyName name)
    {
        if (name.Name == typeof(EventImpl).Assembly.GetName().Name)
        {
            return null; // fall back to the default context: one EventImpl type for everyone
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
