using System.Diagnostics;
using ConformanceKit.Libvirt.Interop;
using ConformanceKit.Native;
using ConformanceKit.Reference;

namespace ConformanceKit.Libvirt.Probes.SelfCheck;

/// <summary>Checks of the adapters' own behaviour (not libvirt's): one registration per process,
/// the own timer kept out of the user's hands, exceptions from callbacks, Dispose. Run in a fresh
/// process; it registers libvirt's default loop there.</summary>
public static class AdapterCheck
{
    /// <summary>Runs every adapter check.</summary>
    public static SelfCheckReport Run()
    {
        var results = new List<CheckResult>();
        using var first = new LibvirtDefaultLoop();
        var second = new LibvirtDefaultLoop();
        Add(results, "second-instance-shares-the-loop", () => SecondInstanceShares(first, second));
        Add(results, "other-loop-kinds-refused", OtherKindsRefused);
        Add(results, "own-timer-shielded", () => OwnTimerShielded(first));
        Add(results, "callback-exception-after-iteration", () => CallbackException(first));
        Add(results, "dispose-mutes-the-instance", () => DisposeMutes(first, second));
        Add(results, "libvirt-keeps-the-first-registration", () => LibvirtKeepsFirst(first));
        return new SelfCheckReport("adapter", VirtVersion.Library(), results);
    }

    private static void Add(List<CheckResult> results, string name, Func<(string Expected, string Observed)> body)
    {
        try
        {
            var (expected, observed) = body();
            results.Add(new CheckResult(name, "adapter", expected, observed, expected == observed, null));
        }
        catch (Exception e)
        {
            results.Add(new CheckResult(name, "adapter", "no exception", $"{e.GetType().Name}: {e.Message}", false, null));
        }
    }

    private static (string, string) SecondInstanceShares(LibvirtDefaultLoop first, LibvirtDefaultLoop second)
    {
        var (a, b) = Fd.SocketPair();
        try
        {
            Fd.Write(b, 1);
            int calls = 0;
            int w = second.AddHandle(a, HandleEvents.Readable, (_, _, _, _) => calls++, null, null);
            first.RunOnce(TimeSpan.Zero);
            second.RemoveHandle(w);
            first.RunOnce(TimeSpan.Zero);
            string observed = $"own timers {first.PrivateTimerId} and {second.PrivateTimerId}; the first instance's RunOnce dispatched the second's watch: {(calls == 1 ? "yes" : $"{calls} calls")}";
            return ($"own timers 1 and 2; the first instance's RunOnce dispatched the second's watch: yes", observed);
        }
        finally
        {
            Fd.Close(a);
            Fd.Close(b);
        }
    }

    private static (string, string) OtherKindsRefused()
    {
        static string Try(Action a)
        {
            try
            {
                a();
                return "accepted";
            }
            catch (InvalidOperationException e) when (e.Message.Contains("one event-loop implementation per process", StringComparison.Ordinal))
            {
                return "refused";
            }
        }

        string glib = Try(() => new LibvirtGlibLoop().Dispose());
        string client = Try(() =>
        {
            using var reference = new ReferenceEventLoop();
            RealLibvirtClient.Run(reference);
        });
        return ("LibvirtGlibLoop: refused; RealLibvirtClient: refused", $"LibvirtGlibLoop: {glib}; RealLibvirtClient: {client}");
    }

    private static (string, string) OwnTimerShielded(LibvirtDefaultLoop loop)
    {
        int removed = loop.RemoveTimeout(loop.PrivateTimerId);
        loop.UpdateTimeout(loop.PrivateTimerId, -1);
        var sw = Stopwatch.StartNew();
        loop.RunOnce(TimeSpan.FromMilliseconds(20));
        bool bounded = sw.ElapsedMilliseconds < 500;
        return ("remove of the own timer's id -> -1; RunOnce(20 ms) still bounded", $"remove of the own timer's id -> {removed}; RunOnce(20 ms) {(bounded ? "still bounded" : "took " + sw.ElapsedMilliseconds + " ms")}");
    }

    private static (string, string) CallbackException(LibvirtDefaultLoop loop)
    {
        int otherFires = 0;
        int thrower = loop.AddTimeout(0, (_, _) => throw new InvalidOperationException("from a callback"), null, null);
        int other = loop.AddTimeout(0, (_, _) => otherFires++, null, null);
        string thrown = "nothing";
        try
        {
            loop.RunOnce(TimeSpan.Zero);
        }
        catch (InvalidOperationException e)
        {
            thrown = e.Message;
        }

        loop.RemoveTimeout(thrower);
        loop.RemoveTimeout(other);
        for (int i = 0; i < 3; i++)
        {
            loop.RunOnce(TimeSpan.Zero);
        }

        return ("RunOnce threw 'from a callback' after the other timer fired (1)", $"RunOnce threw '{thrown}' after the other timer fired ({otherFires})");
    }

    /// <summary>libvirt's own rule, not the adapter's: a later virEventRegisterImpl does not
    /// replace the loop registered first ("Ignoring attempt to replace registered event loop").</summary>
    private static (string, string) LibvirtKeepsFirst(LibvirtDefaultLoop loop)
    {
        bool routed = RealLibvirtClient.RegisterAndProbe();
        int fires = 0;
        int t = loop.AddTimeout(0, (_, _) => fires++, null, null);
        loop.RunOnce(TimeSpan.Zero);
        loop.RemoveTimeout(t);
        loop.RunOnce(TimeSpan.Zero);
        return ("a second virEventRegisterImpl is ignored; the default loop still serves virEvent* (timer fired 1)",
            $"a second virEventRegisterImpl is {(routed ? "obeyed" : "ignored")}; the default loop {(t > 0 && fires == 1 ? "still serves" : "no longer serves")} virEvent* (timer fired {fires})");
    }

    private static (string, string) DisposeMutes(LibvirtDefaultLoop first, LibvirtDefaultLoop second)
    {
        int fires = 0, ffs = 0;
        second.AddTimeout(0, (_, _) => fires++, null, _ => ffs++);
        second.RunOnce(TimeSpan.Zero);
        int before = fires;
        second.Dispose();
        for (int i = 0; i < 3; i++)
        {
            first.RunOnce(TimeSpan.Zero);
        }

        int add = second.AddTimeout(0, (_, _) => fires++, null, null);
        second.RunOnce(TimeSpan.Zero);
        return ("fired 1 before Dispose, 0 after; ff called 0 times; add after Dispose -> -1",
            $"fired {before} before Dispose, {fires - before} after; ff called {ffs} times; add after Dispose -> {add}");
    }
}
