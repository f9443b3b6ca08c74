using OpenWhisk.Plugins.Kafka.Balancing;
using OpenWhisk.Spi.Invokers;

namespace OpenWhisk.Plugins.Kafka.Tests.Balancing;

[TestFixture]
public sealed class InvokerTopologyTests
{
    [TestCase(1, new[] { 0 }, new[] { 0 })]
    [TestCase(2, new[] { 0, 1 }, new[] { 1 })]
    [TestCase(5, new[] { 0, 1, 2, 3, 4 }, new[] { 4 })]
    [TestCase(10, new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8 }, new[] { 9 })]
    [TestCase(20, new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17 }, new[] { 18, 19 })]
    public void Managed_invokers_are_the_first_and_blackbox_invokers_the_last(int count, int[] managed, int[] blackbox)
    {
        var topology = new InvokerTopology(Invokers(count), 0.9, 0.1);
        Assert.Multiple(() =>
        {
            Assert.That(topology.Managed.Select(i => i.Id.Instance), Is.EqualTo(managed));
            Assert.That(topology.Blackbox.Select(i => i.Id.Instance), Is.EqualTo(blackbox));
            Assert.That(topology.ManagedStepSizes, Is.EqualTo(ShardingPlacement.StepSizes(managed.Length)));
            Assert.That(topology.BlackboxStepSizes, Is.EqualTo(ShardingPlacement.StepSizes(blackbox.Length)));
        });
    }

    [Test]
    public void Blackbox_share_is_at_least_what_the_managed_share_leaves()
    {
        var topology = new InvokerTopology(Invokers(10), 0.5, 0.1);
        Assert.That(topology.Blackbox.Select(i => i.Id.Instance), Is.EqualTo(new[] { 5, 6, 7, 8, 9 }));
    }

    [Test]
    public void No_invokers_means_empty_lists()
    {
        var topology = new InvokerTopology([], 0.9, 0.1);
        Assert.That(topology.Managed, Is.Empty);
        Assert.That(topology.Blackbox, Is.Empty);
    }

    internal static IReadOnlyList<InvokerHealth> Invokers(int count, InvokerState state = InvokerState.Healthy) =>
        Enumerable.Range(0, count).Select(i => new InvokerHealth(new InvokerInstanceId { Instance = i, UserMemoryMb = 1024 }, state)).ToList();
}
