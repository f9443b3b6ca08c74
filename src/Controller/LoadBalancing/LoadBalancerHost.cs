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

    /// <summary>Gets how many controllers share the invokers and the namespaces' limits (the largest any balancer sees).</summary>
    public int ClusterSize => Balancers.Count == 0 ? 1 : Math.Max(1, Balancers.Max(b => b.ClusterSize));

    /// <summary>Activations this controller placed and has not seen complete, over every balancer.</summary>
    public int TotalActiveActivations => Balancers.Sum(b => b.TotalActiveActivations);

    /// <summary>Activations in flight on one invoker (its topic, <c>invoker0</c>), over every balancer.</summary>
    public int ActiveActivationsOn(string target) => Balancers.Sum(b => b.ActiveActivationsOn(target));

    /// <summary>The activations this controller placed and has not seen complete, over every balancer.</summary>
    public IReadOnlyList<ActiveActivation> ActiveActivations() => [.. Balancers.SelectMany(b => b.GetActiveActivations())];
}
