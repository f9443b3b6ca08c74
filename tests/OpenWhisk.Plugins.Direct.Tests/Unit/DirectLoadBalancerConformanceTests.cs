using OpenWhisk.Plugins.Direct.Tests.Support;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.LoadBalancing;
using OpenWhisk.TestKit.LoadBalancing;

namespace OpenWhisk.Plugins.Direct.Tests.Unit;

/// <summary>The direct balancer on the simulated container factory.</summary>
[TestFixture]
public sealed class DirectLoadBalancerConformanceTests : LoadBalancerConformanceTests
{
    // Disposed by the base fixture's [TearDown], through DisposeBalancerAsync.
#pragma warning disable NUnit1032
    private DirectHarness? harness;
#pragma warning restore NUnit1032

    protected override async Task<ILoadBalancer> CreateBalancerAsync()
    {
        harness = new DirectHarness();
        await harness.Balancer.StartAsync(CancellationToken.None);
        return harness.Balancer;
    }

    protected override async Task DisposeBalancerAsync()
    {
        if (harness is not null)
        {
            await harness.DisposeAsync();
        }
    }

    /// <summary>The direct balancer takes only actions with intra-container concurrency.</summary>
    protected override WhiskAction CreateAction(string name) => DirectHarness.Action(name, concurrency: 10);
}
