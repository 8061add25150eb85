using System.Reflection;

namespace ConformanceKit.Harness.Loading.Sources;

/// <summary><c>assembly:PATH[:TYPE]</c>: a third-party loop in a built .NET assembly, loaded in its
/// own load context (its dependencies beside it, the contract shared).</summary>
/// <remarks>TYPE is a full type name and defaults to the only public, non-abstract
/// <see cref="EventImpl"/> subclass in the assembly. A public constructor taking a
/// <see cref="TimeProvider"/> is preferred; a public parameterless one means the real clock
/// only.</remarks>
internal sealed class AssemblySource : ILoopSource
{
    private const string Prefix = "assembly:";

    public string Syntax => "assembly:PATH[:TYPE]";

    public bool Claims(string spec) => spec.StartsWith(Prefix, StringComparison.Ordinal);

    public LoadedLoop Load(string spec) => FromAssembly(spec, spec[Prefix.Length..]);

    /// <summary>The path made absolute: a path as typed made <c>replay</c> from another folder fail
    /// with "assembly not found".</summary>
    public string Absolute(string spec)
    {
        if (spec.Length == Prefix.Length)
        {
            return spec;
        }

        var (path, typeName) = SplitAssembly(spec[Prefix.Length..]);
        return $"{Prefix}{Path.GetFullPath(path)}{(typeName is null ? string.Empty : ":" + typeName)}";
    }

    /// <summary>PATH may itself hold no colon on Linux; TYPE follows the colon after ".dll".</summary>
    private static (string Path, string? TypeName) SplitAssembly(string rest)
    {
        int dll = rest.IndexOf(".dll", StringComparison.OrdinalIgnoreCase);
        string path = dll >= 0 ? rest[..(dll + 4)] : rest;
        string? typeName = dll >= 0 && rest.Length > dll + 5 && rest[dll + 4] == ':' ? rest[(dll + 5)..] : null;
        return (path, typeName);
    }

    private static LoadedLoop FromAssembly(string spec, string rest)
    {
        var (path, typeName) = SplitAssembly(rest);
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new BadInputException($"assembly not found: {path}");
        }

        Assembly asm;
        try
        {
            asm = new PluginLoadContext(full).LoadFromAssemblyPath(full);
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException)
        {
            throw new BadInputException($"{path} is not a .NET assembly that can be loaded: {e.GetType().Name}");
        }

        Type[] types;
        try
        {
            types = asm.GetExportedTypes();
        }
        catch (Exception e) when (e is ReflectionTypeLoadException or FileNotFoundException or FileLoadException)
        {
            throw new BadInputException($"{path}: its types cannot be loaded ({e.GetType().Name}); is a dependency missing beside it?");
        }

        Type type = typeName is not null
            ? types.FirstOrDefault(t => t.FullName == typeName) ?? throw new BadInputException($"type {typeName} not found in {path}")
            : Single(types.Where(IsLoop).ToList(), path);
        if (!IsLoop(type))
        {
            throw new BadInputException($"{type.FullName} is not a public, non-abstract subclass of ConformanceKit.EventImpl");
        }

        var withClock = type.GetConstructor([typeof(TimeProvider)]);
        if (withClock is not null)
        {
            return new LoadedLoop(spec, t => (EventImpl)withClock.Invoke([t]), true) { IsolatedByDefault = true };
        }

        var plain = type.GetConstructor(Type.EmptyTypes)
            ?? throw new BadInputException($"{type.FullName} has no public constructor taking a TimeProvider or nothing");
        return new LoadedLoop(spec, _ => (EventImpl)plain.Invoke([]), false) { IsolatedByDefault = true };
    }

    private static bool IsLoop(Type t) => t.IsPublic && !t.IsAbstract && t.IsSubclassOf(typeof(EventImpl));

    private static Type Single(List<Type> loops, string path) => loops.Count switch
    {
        1 => loops[0],
        0 => throw new BadInputException($"{path} has no public EventImpl subclass"),
        _ => throw new BadInputException($"{path} has {loops.Count} EventImpl subclasses ({string.Join(", ", loops.Select(t => t.FullName))}): name one as assembly:PATH:TYPE"),
    };
}
