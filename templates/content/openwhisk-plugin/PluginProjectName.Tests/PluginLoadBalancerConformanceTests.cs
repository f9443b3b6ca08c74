using Microsoft.Extensions.Options;
using OpenWhisk.Spi.LoadBalancing;
using OpenWhisk.Spi.Toolkit.LoadBalancing;
using OpenWhisk.Spi.Toolkit.Messaging;
using OpenWhisk.TestKit.LoadBalancing;

namespace PluginProjectName.Tests;

/// <summary>
/// The behaviour every load balancer must have, checked against <see cref="PluginLoadBalancer"/> over the in-memory
/// message bus, with the host's activation tracker and invoker0 played by <see cref="BusInvoker"/>.
/// </summary>
[TestFixture]
public sealed class PluginLoadBalancerConformanceTests : LoadBalancerConformanceTests
{
    // Disposed by the base fixture's [TearDown], through DisposeBalancerAsync.
#pragma warning disable NUnit1032
    private PluginLoadBalancer? balancer;
    private BusInvoker? invoker;
#pragma warning restore NUnit1032

    /// <inheritdoc />
    protected override async Task<ILoadBalancer> CreateBalancerAsync()
    {
        var bus = new InMemoryMessagingProvider(Options.Create(new InMemoryMessagingOptions()), TimeProvider.System);
        invoker = new BusInvoker(bus);
        await invoker.StartAsync(CancellationToken.None);
        balancer = new PluginLoadBalancer(bus, new ActivationTrackerFactory(), Options.Create(new PluginLoadBalancerOptions { ControllerInstanceId = "0" }));
        await balancer.StartAsync(CancellationToken.None);
        return balancer;
    }

    /// <inheritdoc />
    protected override async Task DisposeBalancerAsync()
    {
        try
        {
            if (balancer is not null)
            {
                await balancer.StopAsync(CancellationToken.None);
                await balancer.DisposeAsync();
            }
        }
        finally
        {
            if (invoker is not null)
            {
                await invoker.DisposeAsync();
            }
        }
    }
}
