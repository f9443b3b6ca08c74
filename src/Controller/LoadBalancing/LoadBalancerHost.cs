using OpenWhisk.Spi.LoadBalancing;

namespace OpenWhisk.Controller.LoadBalancing;

/// <summary>Starts every balancer the resolver may pick, and stops them at shutdown.</summary>
public sealed class LoadBalancerHost(ILoadBalancerResolver resolver, ILoadBalancerProvider provider) : IHostedService
{
    /// <summary>Gets the balancers in use, after start.</summary>
    public IReadOnlyList<ILoadBalancer> Balancers { get; private set; } = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Balancers = resolver.BalancerNames.Select(provider.GetLoadBalancer).Distinct().ToList();
        foreach (var balancer in Balancers)
        {
            await balancer.StartAsync(cancellationToken);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var balancer in Balancers)
        {
            await balancer.StopAsync(cancellationToken);
        }
    }

    /// <summary>Activations in flight for a namespace, over every balancer.</summary>
    public int ActiveActivationsFor(string namespaceUuid) => Balancers.Sum(b => b.ActiveActivationsFor(namespaceUuid));
}
