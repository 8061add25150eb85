namespace ConformanceKit.FakeLibvirt.Core;

/// <summary>Thrown on purpose by a callback scripted with <c>Throw</c> (LIFE-2).</summary>
public sealed class ScriptedCallbackException(int regKey)
    : Exception($"callback of r{regKey} throws on purpose (LIFE-2)")
{
    public int RegKey { get; } = regKey;
}
