using System.Text;
using ConformanceKit.FakeLibvirt.Fds;
using ConformanceKit.Native;

namespace ConformanceKit.Tests.Native;

/// <summary>The harness's fd count after each unit (<see cref="OpenFdCount"/>): one poll over the
/// fd table must count what /proc/self/fd lists, and an fd opened anywhere in the table.</summary>
/// <remarks>Other tests of this assembly open and close fds on other threads meanwhile, so each
/// comparison is tried a few times and must hold once: a count that is wrong every time fails.</remarks>
public sealed class OpenFdCountTests
{
    private const int Tries = 50;

    [Fact]
    public void Count_IsWhatTheFolderLists_LessTheFolderItself()
    {
        Assert.True(Holds(() => OpenFdCount.Now() is var n && n > 0 && (ProcessFds.OpenNumbers().Length - 1) == n && OpenFdCount.Now() == n),
            $"poll counted {OpenFdCount.Now()}, /proc/self/fd listed {ProcessFds.OpenNumbers().Length} (its own fd included)");
    }

    [Fact]
    public void AnFdDupedBeyondTheTable_IsCounted_AndItsCloseToo()
    {
        int before = OpenFdCount.TableSize();
        Assert.True(before > 0, "FDSize not read from /proc/self/status");
        int high = before + 1000; // past the table: the kernel grows it to hold the fd
        Assert.True(Holds(() =>
        {
            int n = OpenFdCount.Now();
            Assert.Equal(high, Libc.Dup2(0, high));
            int with = OpenFdCount.Now();
            Libc.Close(high);
            int after = OpenFdCount.Now();
            return with == n + 1 && after == n;
        }), "an fd at a number beyond the table was not counted");
        Assert.True(OpenFdCount.TableSize() > high);
    }

    [Fact]
    public void AnFdJustUnderTheLimit_IsCounted_ThoughTheTablePassesTheLimit()
    {
        // The table grows to a power of two: an fd at limit - 1 makes it larger than the limit,
        // and one poll over the whole table would be refused (EINVAL): the full suite met that.
        int high = SoftFdLimit() - 1;
        Assert.True(high > 0, "RLIMIT_NOFILE not read");
        Assert.True(Holds(() =>
        {
            int n = OpenFdCount.Now();
            Assert.Equal(high, Libc.Dup2(0, high));
            int with = OpenFdCount.Now();
            Libc.Close(high);
            return n > 0 && with == n + 1 && OpenFdCount.Now() == n;
        }), $"an fd at {high} was not counted; the table is {OpenFdCount.TableSize()}");
    }

    [Fact]
    public void TheKeptStatusFile_ClosedByALoop_IsOpenedAgain_AndTheCountGoesOn()
    {
        // A loop that closes fds it does not own can close the status file the count keeps open.
        Assert.True(OpenFdCount.Now() > 0);
        string status = $"/proc/{Environment.ProcessId}/status";
        var kept = ProcessFds.OpenNumbers().Where(fd => LinkOf(fd) == status).ToList();
        Assert.NotEmpty(kept);
        foreach (int fd in kept)
        {
            Libc.Close(fd);
        }

        // The very next count is a count (a unit's count of -1 would lose its leak check).
        Assert.True(OpenFdCount.Now() > 0);
        Assert.True(Holds(() => OpenFdCount.Now() is var n && n > 0 && (ProcessFds.OpenNumbers().Length - 1) == n),
            $"poll counted {OpenFdCount.Now()}, /proc/self/fd listed {ProcessFds.OpenNumbers().Length} (its own fd included)");
        Assert.Contains(ProcessFds.OpenNumbers(), fd => LinkOf(fd) == status);
    }

    [Theory]
    [InlineData("Name:\tdotnet\nFDSize:\t256\nGroups:\t0\n", 256)]
    [InlineData("Name:\tx\nFDSize: 64\n", 64)]
    [InlineData("Name:\tx\nFDSizes:\t64\n", -1)]
    [InlineData("Name:\tx\n", -1)]
    public void FdSize_IsReadFromItsLine(string status, int size) =>
        Assert.Equal(size, OpenFdCount.FdSizeIn(Encoding.ASCII.GetBytes(status)));

    /// <summary>RLIMIT_NOFILE's soft limit, from the "Max open files" line of /proc/self/limits.</summary>
    private static int SoftFdLimit() =>
        File.ReadLines("/proc/self/limits").Where(l => l.StartsWith("Max open files", StringComparison.Ordinal))
            .Select(l => int.Parse(l["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]))
            .DefaultIfEmpty(-1).First();

    private static string? LinkOf(int fd)
    {
        try
        {
            return new FileInfo($"/proc/self/fd/{fd}").LinkTarget;
        }
        catch (IOException)
        {
            return null; // closed meanwhile
        }
    }

    private static bool Holds(Func<bool> check) => Enumerable.Range(0, Tries).Any(_ => check());
}
