using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Spi.LoadBalancing;

/// <summary>
/// Picks the load balancer for an action. The default (<c>single</c>) always picks <c>LoadBalancer:Default</c>.
/// Selected by <c>Spi:LoadBalancerResolver</c>.
/// </summary>
[SpiContract("LoadBalancerResolver")]
public interface ILoadBalancerResolver
{
    /// <summary>Gets the names of every balancer this resolver may pick, so the host can start them.</summary>
    IReadOnlyCollection<string> BalancerNames { get; }

    /// <summary>Picks the balancer that runs <paramref name="action"/>.</summary>
    /// <param name="action">The action about to be invoked.</param>
    /// <returns>The balancer.</returns>
    ILoadBalancer Resolve(WhiskAction action);
}
