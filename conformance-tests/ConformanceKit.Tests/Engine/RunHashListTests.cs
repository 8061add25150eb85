using System.Security.Cryptography;
using System.Text;
using ConformanceKit.Harness.Engine;

namespace ConformanceKit.Tests.Engine;

/// <summary>The run hashes a certification keeps (<see cref="RunHashList"/>): packed, each gives back
/// the very text and origin it was given, in the order given, however many.</summary>
public sealed class RunHashListTests
{
    private static string Sha(int i) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"run {i}")));

    [Fact]
    public void ThousandsOfHashes_ComeBackAsGiven_InOrder()
    {
        var given = Enumerable.Range(0, 5000).Select(i => new RunHash(i * 3 + 1, Sha(i))).ToList();
        var list = new RunHashList();
        given.ForEach(r => list.Add(r.Origin, r.Hash));
        Assert.Equal(given.Count, list.Count);
        Assert.Equal(given, list);
        Assert.Equal(given[4321], list[4321]);
        Assert.Equal(RunHash.Combine(given), RunHash.Combine(list));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a hash")]
    [InlineData("510DCC48B98445C67907091993DB0229B9F7362F53024072F9CEB9C54F0D0AFC")] // upper case would come back lower
    [InlineData("510dcc48b98445c67907091993db0229b9f7362f53024072f9ceb9c54f0d0af")] // 63 digits
    public void AHashThatIsNotLowerHexSha256_IsKeptAsItsText(string odd)
    {
        RunHashList list = [new RunHash(1, Sha(1)), new RunHash(2, odd), new RunHash(3, Sha(3))];
        Assert.Equal([new RunHash(1, Sha(1)), new RunHash(2, odd), new RunHash(3, Sha(3))], list);
    }

    [Fact]
    public void ByOrigin_SortsOnlyWhatIsOutOfOrder()
    {
        RunHashList inOrder = [new RunHash(1, Sha(1)), new RunHash(5, Sha(5)), new RunHash(9, Sha(9))];
        Assert.Same(inOrder, inOrder.ByOrigin());
        RunHashList merged = [new RunHash(9, Sha(9)), new RunHash(1, Sha(1)), new RunHash(5, Sha(5))];
        Assert.Equal([1, 5, 9], merged.ByOrigin().Select(h => h.Origin));
    }

    [Fact]
    public void OutOfRange_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RunHashList()[0]);
}
