using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenWhisk.Spi.LoadBalancing;
using OpenWhisk.Spi.Plugins;
using OpenWhisk.Spi.Toolkit.LoadBalancing;
using OpenWhisk.Spi.Toolkit.Messaging;
using OpenWhisk.TestKit.LoadBalancing;
using OpenWhisk.Plugins.Memory;

namespace OpenWhisk.Plugins.Lean.Tests;

/// <summary>The lean balancer over the in-memory bus, with invoker0 played by <see cref="BusInvoker"/>.</summary>
[TestFixture]
public sealed class LeanLoadBalancerConformanceTests : LoadBalancerConformanceTests
{
    // Disposed by the base fixture's [TearDown], through DisposeBalancerAsync.
#pragma warning disable NUnit1032
    private ServiceProvider? services;
    private LeanLoadBalancer? balancer;
    private BusInvoker? invoker;
#pragma warning restore NUnit1032

    protected override async Task<ILoadBalancer> CreateBalancerAsync()
    {
        var time = TimeProvider.System;
        var bus = new InMemoryMessagingProvider(Options.Create(new InMemoryMessagingOptions()), time);
        var balancing = Options.Create(new LeanLoadBalancerOptions());
        services = new ServiceCollection().BuildServiceProvider();
        balancer = new LeanLoadBalancer(
            bus,
            new ActivationTrackerFactory(new InMemoryActivationStore(), CompletionTimeout.Default, time, NullLoggerFactory.Instance),
            HostIdentity.ForController("0"),
            balancing,
            time,
            NullLogger<LeanLoadBalancer>.Instance,
            new InProcessTransport(),
            services);
        await balancer.StartAsync(CancellationToken.None);
        invoker = new BusInvoker(bus);
        await invoker.StartAsync(CancellationToken.None);
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

        if (services is not null)
        {
            await services.DisposeAsync();
        }
    }
}
