using Microsoft.Extensions.Logging.Abstractions;
using OpenWhisk.Plugins.Kafka.Balancing;
using OpenWhisk.Spi.Invokers;
using OpenWhisk.Spi.LoadBalancing;
using OpenWhisk.TestKit.LoadBalancing;
using Options = Microsoft.Extensions.Options.Options;
using OpenWhisk.Spi.Toolkit.Messaging;
using OpenWhisk.Spi.Toolkit.LoadBalancing;
using OpenWhisk.Plugins.Memory;

namespace OpenWhisk.Plugins.Kafka.Tests.Balancing;

/// <summary>
/// The sharding balancer over the in-memory bus with the controller's activation tracker, and invoker0 played by
/// <see cref="BusInvoker"/> (which also answers the balancer's health test action, so the invoker becomes healthy).
/// </summary>
[TestFixture]
public sealed class ShardingLoadBalancerConformanceTests : LoadBalancerConformanceTests
{
    // Disposed by the base fixture's [TearDown], through DisposeBalancerAsync.
#pragma warning disable NUnit1032
    private ShardingLoadBalancer? balancer;
    private BusInvoker? invoker;
#pragma warning restore NUnit1032

    protected override async Task<ILoadBalancer> CreateBalancerAsync()
    {
        var time = TimeProvider.System;
        var bus = new InMemoryMessagingProvider(Options.Create(new InMemoryMessagingOptions()), time);
        var trackers = new ActivationTrackerFactory(new InMemoryActivationStore(), timeProvider: time, loggerFactory: NullLoggerFactory.Instance);
        balancer = new ShardingLoadBalancer(bus, trackers, Options.Create(new KafkaLoadBalancerOptions { ControllerInstanceId = "0" }), time, NullLoggerFactory.Instance);
        await balancer.StartAsync(CancellationToken.None);
        invoker = new BusInvoker(bus);
        await invoker.StartAsync(CancellationToken.None);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((await balancer.GetInvokerHealthAsync(CancellationToken.None)) is not [{ State: InvokerState.Healthy }])
        {
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "invoker0 becomes healthy");
            await Task.Delay(50);
        }

        return balancer;
    }

    protected override async Task DisposeBalancerAsync()
    {
        if (balancer is not null)
        {
            await balancer.StopAsync(CancellationToken.None);
            await balancer.DisposeAsync();
        }

        if (invoker is not null)
        {
            await invoker.DisposeAsync();
        }
    }
}
