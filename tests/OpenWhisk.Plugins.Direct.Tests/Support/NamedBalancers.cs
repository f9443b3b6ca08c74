using OpenWhisk.Spi.LoadBalancing;

namespace OpenWhisk.Plugins.Direct.Tests.Support;

/// <summary>A load-balancer provider over a fixed set of balancers.</summary>
internal sealed class NamedBalancers(params ILoadBalancer[] balancers) : ILoadBalancerProvider
{
    public IReadOnlyCollection<string> Names => balancers.Select(b => b.Name).ToList();

    public ILoadBalancer GetLoadBalancer(string name) =>
        balancers.FirstOrDefault(b => string.Equals(b.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new KeyNotFoundException(name);
}
