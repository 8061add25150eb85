using System.Reflection;
using System.Reflection.Emit;

namespace ConformanceKit.Tests.Architecture;

/// <summary>Which namespaces of an assembly each of its namespaces uses, read from the compiled
/// code itself: signatures, fields, base types, attributes and every type, method and field
/// token in the method bodies (so a lambda or an iterator counts for the type that wrote it).</summary>
internal static class NamespaceReferences
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>For each namespace of <paramref name="assembly"/>, mapped by <paramref name="layer"/>
    /// (null: not looked at), the layers it uses other than itself, with one example each.</summary>
    public static Dictionary<string, Dictionary<string, string>> Of(Assembly assembly, Func<string?, string?> layer)
    {
        var uses = new Dictionary<string, Dictionary<string, string>>();
        foreach (var type in assembly.GetTypes())
        {
            if (layer(type.Namespace) is not { } from)
            {
                continue;
            }

            var seen = uses.TryGetValue(from, out var d) ? d : uses[from] = [];
            foreach (var used in Referenced(type))
            {
                if (layer(used.Namespace) is { } to && to != from && !seen.ContainsKey(to))
                {
                    seen[to] = $"{type.FullName} uses {used.FullName}";
                }
            }
        }

        return uses;
    }

    private static IEnumerable<Type> Referenced(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (type.BaseType is { } b)
        {
            yield return b;
        }

        foreach (var i in type.GetInterfaces())
        {
            yield return i;
        }

        foreach (var f in type.GetFields(all))
        {
            yield return f.FieldType;
        }

        foreach (var m in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            if (m is MethodInfo mi)
            {
                yield return mi.ReturnType;
            }

            foreach (var p in m.GetParameters())
            {
                yield return p.ParameterType;
            }

            foreach (var t in BodyTypes(m))
            {
                yield return t;
            }
        }

        foreach (var p in type.GetProperties(all))
        {
            yield return p.PropertyType;
        }
    }

    /// <summary>The declaring types of the members and the types a method body's tokens name.</summary>
    private static IEnumerable<Type> BodyTypes(MethodBase m)
    {
        byte[]? il = m.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }

        var typeArgs = m.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArgs = m.IsGenericMethod ? m.GetGenericArguments() : null;
        int at = 0;
        while (at < il.Length)
        {
            short value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            at += il[at] == 0xFE ? 2 : 1;
            var op = OpCodesByValue[value];
            int size = OperandSize(op, il, at);
            if (op.OperandType is OperandType.InlineType or OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok)
            {
                int token = BitConverter.ToInt32(il, at);
                if (Resolve(m.Module, token, typeArgs, methodArgs) is { } t)
                {
                    yield return t;
                }
            }

            at += size;
        }
    }

    private static Type? Resolve(Module module, int token, Type[]? typeArgs, Type[]? methodArgs)
    {
        try
        {
            return module.ResolveMember(token, typeArgs, methodArgs) switch
            {
                Type t => t,
                MemberInfo member => member.DeclaringType,
                _ => null,
            };
        }
        catch (ArgumentException)
        {
            return null; // a token of a generic context this scan does not reproduce
        }
    }

    private static int OperandSize(OpCode op, byte[] il, int at) => op.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
        _ => 4,
    };
}
