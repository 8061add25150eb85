using System.Reflection;
using ConformanceKit.Harness.Mutants;
using ConformanceKit.Reference;

namespace ConformanceKit.Harness.Loading;

/// <summary>Turns a loop spec into a <see cref="LoadedLoop"/>: <c>reference</c>, <c>mutant:NAME</c>,
/// <c>libvirt:default</c> (libvirt's default loop), <c>libvirt-glib</c> (libvirt-glib's loop), or
/// <c>assembly:PATH[:TYPE]</c>, or <c>python:...</c> (a Python loop over the bridge, <see cref="Bridge.PythonLoops"/>).</summary>
/// <remarks>For <c>assembly:</c>, TYPE is a full type name and defaults to the only public,
/// non-abstract <see cref="EventImpl"/> subclass in the assembly. A public constructor taking a
/// <see cref="TimeProvider"/> is preferred; a public parameterless one means the real clock
/// only. Every failure is a <see cref="BadInputException"/> with a one-line message.</remarks>
public static class LoopLoader
{
    public const string Reference = "reference";

    /// <summary>Every kind of loop spec, in one list for --loop's help and for the errors, so that
    /// neither forgets one.</summary>
    public const string Kinds = "reference, mutant:NAME, libvirt:default, libvirt-glib, assembly:PATH[:TYPE], python:libvirtaio or python:FILE.py:CLASS[:STEP]";

    public static LoadedLoop Load(string spec)
    {
        if (string.IsNullOrWhiteSpace(spec))
        {
            throw new BadInputException($"--loop is empty: use {Kinds}");
        }

        if (spec == Reference)
        {
            return new LoadedLoop(spec, t => new ReferenceEventLoop(t), true);
        }

        if (spec.StartsWith("mutant:", StringComparison.Ordinal))
        {
            string name = spec["mutant:".Length..];
            var m = MutantCatalogue.Find(name)
                ?? throw new BadInputException($"unknown mutant '{name}': `conformancekit mutants` lists them");
            return new LoadedLoop(spec, m.Create, true, RequiresIsolation: m.Isolated);
        }

        if (spec is Libvirt.LibvirtDefaultLoop.Spec or Libvirt.LibvirtGlibLoop.Spec)
        {
            // libvirt's own loops, driven through its public virEvent* API (the native tier).
            if (Libvirt.LibvirtAvailability.Problem(needLibvirtGlib: spec == Libvirt.LibvirtGlibLoop.Spec) is { } problem)
            {
                throw new BadInputException($"{spec}: {problem}");
            }

            return spec == Libvirt.LibvirtDefaultLoop.Spec
                ? new LoadedLoop(spec, _ => new Libvirt.LibvirtDefaultLoop(), false, RequiresIsolation: true)
                : new LoadedLoop(spec, _ => new Libvirt.LibvirtGlibLoop(), false, RequiresIsolation: true);
        }

        if (spec.StartsWith(Bridge.PythonLoops.Prefix, StringComparison.Ordinal))
        {
            return Bridge.PythonLoops.Load(spec);
        }

        if (spec.StartsWith("assembly:", StringComparison.Ordinal))
        {
            return FromAssembly(spec, spec["assembly:".Length..]);
        }

        throw new BadInputException($"unknown loop '{spec}': use {Kinds}");
    }

    /// <summary>The spec with an <c>assembly:</c> path made absolute (other specs as they are), so
    /// that a report or counterexample names the loop the same way from any folder: a path as typed
    /// made <c>replay</c> from another folder fail with "assembly not found".</summary>
    public static string Absolute(string spec)
    {
        if (spec.StartsWith(Bridge.PythonLoops.Prefix, StringComparison.Ordinal))
        {
            return Bridge.PythonLoops.Absolute(spec);
        }

        if (!spec.StartsWith("assembly:", StringComparison.Ordinal) || spec.Length == "assembly:".Length)
        {
            return spec;
        }

        var (path, typeName) = SplitAssembly(spec["assembly:".Length..]);
        return $"assembly:{Path.GetFullPath(path)}{(typeName is null ? string.Empty : ":" + typeName)}";
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
            return new LoadedLoop(spec, t => (EventImpl)withClock.Invoke([t]), true);
        }

        var plain = type.GetConstructor(Type.EmptyTypes)
            ?? throw new BadInputException($"{type.FullName} has no public constructor taking a TimeProvider or nothing");
        return new LoadedLoop(spec, _ => (EventImpl)plain.Invoke([]), false);
    }

    private static bool IsLoop(Type t) => t.IsPublic && !t.IsAbstract && t.IsSubclassOf(typeof(EventImpl));

    private static Type Single(List<Type> loops, string path) => loops.Count switch
    {
        1 => loops[0],
        0 => throw new BadInputException($"{path} has no public EventImpl subclass"),
        _ => throw new BadInputException($"{path} has {loops.Count} EventImpl subclasses ({string.Join(", ", loops.Select(t => t.FullName))}): name one as assembly:PATH:TYPE"),
    };
}
