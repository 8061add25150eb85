namespace ConformanceKit.Libvirt.Probes.SelfCheck;

/// <summary>One probe of a libvirt loop: what was expected of that loop on this machine (the
/// facts file, or what this project pinned and documented in docs/libvirt.md), what it did, and
/// whether the contract's rule holds there.</summary>
/// <param name="Name">Stable check name.</param>
/// <param name="Rule">The contract rule(s) the check touches.</param>
/// <param name="Expected">What this loop is expected to do here.</param>
/// <param name="Observed">What it did.</param>
/// <param name="MatchesExpected">Observed equals expected.</param>
/// <param name="ContractHolds">Whether the contract's rule holds on what was observed; null for INFO.</param>
public sealed record CheckResult(string Name, string Rule, string Expected, string Observed, bool MatchesExpected, bool? ContractHolds);

/// <summary>All checks of one loop, run in a fresh process.</summary>
/// <param name="Loop">"libvirt:default" or "libvirt-glib".</param>
/// <param name="LibvirtVersion">libvirt's version.</param>
/// <param name="Checks">In the order they ran.</param>
public sealed record SelfCheckReport(string Loop, string? LibvirtVersion, IReadOnlyList<CheckResult> Checks);
