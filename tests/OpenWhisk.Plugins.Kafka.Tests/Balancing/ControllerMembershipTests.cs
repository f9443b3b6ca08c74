using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using OpenWhisk.Plugins.Kafka.Balancing;
using OpenWhisk.Spi.Invokers;
using OpenWhisk.Spi.Messaging;
using Options = Microsoft.Extensions.Options.Options;
using OpenWhisk.Spi.Toolkit.Messaging;

namespace OpenWhisk.Plugins.Kafka.Tests.Balancing;

/// <summary>
/// Controllers on one bus find each other: each one's share of an invoker's memory (and its part of the namespace
/// limits, through <c>ClusterSize</c>) follows the live count when one joins, stops or dies.
/// </summary>
[TestFixture]
public sealed class ControllerMembershipTests
{
    private static readonly InvokerInstanceId Invoker = new() { Instance = 0, UserMemoryMb = 3072 };
    private readonly List<ShardingLoadBalancer> balancers = [];
    private InMemoryMessagingProvider bus = null!;

    [SetUp]
    public void CreateBus() => bus = new InMemoryMessagingProvider(Options.Create(new InMemoryMessagingOptions()), TimeProvider.System);

    [TearDown]
    public async Task StopAll()
    {
        foreach (var balancer in balancers)
        {
            await balancer.DisposeAsync();
        }

        balancers.Clear();
    }

    [Test]
    public async Task Shares_follow_controllers_that_join_and_leave()
    {
        var first = await StartAsync("0");
        Assert.That(first.SlotsOf(Invoker).CapacityMb, Is.EqualTo(3072), "alone, it has the whole invoker");

        var second = await StartAsync("1");
        var third = await StartAsync("2");
        await WaitUntilAsync(() => first.ClusterSize == 3 && second.ClusterSize == 3 && third.ClusterSize == 3);
        Assert.That(first.SlotsOf(Invoker).CapacityMb, Is.EqualTo(1024));

        await third.StopAsync(CancellationToken.None);
        await WaitUntilAsync(() => first.ClusterSize == 2 && second.ClusterSize == 2);
        Assert.That(first.SlotsOf(Invoker).CapacityMb, Is.EqualTo(1536), "a controller that stops says so");
    }

    [Test]
    public async Task A_controller_that_falls_silent_stops_counting_after_the_timeout()
    {
        var first = await StartAsync("0");
        first.SlotsOf(Invoker).ForceAcquire("guest/busy", 1, 1000);
        await using var other = bus.CreateProducer(MessageProducerOptions.Default);

        // Another controller announces itself for a while, then dies without a goodbye.
        for (var beat = 0; beat < 5; beat++)
        {
            var heartbeat = new ControllerHeartbeat("9", "killed", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            await other.SendAsync(ControllerHeartbeat.Topic, JsonSerializer.SerializeToUtf8Bytes(heartbeat), CancellationToken.None);
            await Task.Delay(100);
        }

        await WaitUntilAsync(() => first.ClusterSize == 2);
        var shared = first.SlotsOf(Invoker).CapacityMb;
        await WaitUntilAsync(() => first.ClusterSize == 1);

        Assert.That(shared, Is.EqualTo(1536));
        Assert.That(first.SlotsOf(Invoker).CapacityMb, Is.EqualTo(3072));
        Assert.That(first.SlotsOf(Invoker).FreeMemoryMb, Is.EqualTo(2072), "what is in use stays in use");
    }

    private async Task<ShardingLoadBalancer> StartAsync(string controller)
    {
        var options = new KafkaLoadBalancerOptions
        {
            ControllerInstanceId = controller,
            ControllerHeartbeatInterval = TimeSpan.FromMilliseconds(100),
            ControllerTimeout = TimeSpan.FromMilliseconds(800),
        };
        var balancer = new ShardingLoadBalancer(bus, new RecordingActivationTracker(), Options.Create(options), TimeProvider.System, NullLoggerFactory.Instance);
        balancers.Add(balancer);
        await balancer.StartAsync(CancellationToken.None);
        return balancer;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var attempt = 0; attempt < 200 && !condition(); attempt++)
        {
            await Task.Delay(25);
        }

        Assert.That(condition(), Is.True, "within 5 s");
    }
}
