using OpenWhisk.Plugins.Kafka.Balancing;

namespace OpenWhisk.Plugins.Kafka.Tests.Balancing;

/// <summary>
/// Placement must match Apache OpenWhisk's ShardingContainerPoolBalancer exactly, so that a mixed or migrated
/// deployment sends an action to the same invoker. The expected values were computed outside .NET, by a separate
/// implementation of Java's <c>String.hashCode</c> (UTF-16 units, 32-bit overflow) and of OpenWhisk's
/// <c>generateHash</c> and <c>pairwiseCoprimeNumbersUntil</c>.
/// </summary>
[TestFixture]
public sealed class ShardingPlacementTests
{
    private static readonly int[] InvokerCounts = [1, 2, 3, 5, 10, 16];

    private static IEnumerable<TestCaseData> Placements()
    {
        yield return new TestCaseData("guest", "guest/hello", 13198339, new[] { 0, 1, 1, 1, 1, 2, 4, 2, 9, 3, 3, 3 });
        yield return new TestCaseData("guest", "guest/noop", 1859087135, new[] { 0, 1, 1, 1, 2, 2, 0, 3, 5, 7, 15, 13 });
        yield return new TestCaseData("whisk.system", "whisk.system/invokerHealthTestAction0", 117526585, new[] { 0, 1, 1, 1, 1, 2, 0, 2, 5, 3, 9, 3 });
        yield return new TestCaseData("alice", "bob/pkg/shared", 1274677282, new[] { 0, 1, 0, 1, 1, 1, 2, 2, 2, 3, 2, 11 });
        yield return new TestCaseData("ns0", "ns0/action17", 726766997, new[] { 0, 1, 1, 1, 2, 2, 2, 3, 7, 7, 5, 13 });
        yield return new TestCaseData("ünïcode", "ünïcode/äction", 1929189938, new[] { 0, 1, 0, 1, 2, 1, 3, 3, 8, 7, 2, 5 });
        yield return new TestCaseData("a", "a/b", 94805, new[] { 0, 1, 1, 1, 2, 2, 0, 3, 5, 7, 5, 13 });
        yield return new TestCaseData(
            "a-rather-long-namespace-name_with_underscores",
            "a-rather-long-namespace-name_with_underscores/some.package/an-action-with-a-long-name",
            840766668,
            new[] { 0, 1, 0, 1, 0, 1, 3, 1, 8, 1, 12, 1 });
    }

    [TestCaseSource(nameof(Placements))]
    public void Home_invoker_and_step_match_OpenWhisk(string invocationNamespace, string action, int expectedHash, int[] expectedHomeAndStep)
    {
        var hash = ShardingPlacement.Hash(invocationNamespace, action);
        Assert.That(hash, Is.EqualTo(expectedHash));
        var actual = InvokerCounts.SelectMany(count =>
        {
            var (home, step) = ShardingPlacement.HomeAndStep(hash, count, ShardingPlacement.StepSizes(count));
            return new[] { home, step };
        });
        Assert.That(actual, Is.EqualTo(expectedHomeAndStep));
    }

    [TestCase("", 0)]
    [TestCase("a", 97)]
    [TestCase("hello", 99162322)]
    [TestCase("guest", 98708952)]
    [TestCase("polygenelubricants", int.MinValue)]
    public void Java_string_hash_code_overflows_like_the_JVM(string text, int expected) =>
        Assert.That(ShardingPlacement.JavaHashCode(text), Is.EqualTo(expected));

    [TestCase(1, new[] { 1 })]
    [TestCase(2, new[] { 1 })]
    [TestCase(3, new[] { 1, 2 })]
    [TestCase(5, new[] { 1, 2, 3 })]
    [TestCase(10, new[] { 1, 3, 7 })]
    [TestCase(16, new[] { 1, 3, 5, 7, 11, 13 })]
    public void Step_sizes_are_pairwise_coprime_numbers_coprime_to_the_invoker_count(int invokers, int[] expected) =>
        Assert.That(ShardingPlacement.StepSizes(invokers), Is.EqualTo(expected));

    [TestCase(7)]
    [TestCase(10)]
    [TestCase(16)]
    public void Every_step_size_visits_every_invoker_once(int invokers)
    {
        foreach (var step in ShardingPlacement.StepSizes(invokers))
        {
            var visited = Enumerable.Range(0, invokers).Select(probe => (3 + (probe * step)) % invokers).ToHashSet();
            Assert.That(visited, Has.Count.EqualTo(invokers), $"step {step}");
        }
    }

    [Test]
    public void A_hash_of_int_min_value_places_on_the_first_invoker()
    {
        var (home, step) = ShardingPlacement.HomeAndStep(int.MinValue, 10, ShardingPlacement.StepSizes(10));
        Assert.That((home, step), Is.EqualTo((0, 1)));
    }
}
