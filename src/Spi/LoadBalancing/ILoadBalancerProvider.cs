namespace OpenWhisk.Spi.LoadBalancing;

/// <summary>Gives resolvers access to the load balancers configured in this controller, by name.</summary>
public interface ILoadBalancerProvider
{
    /// <summary>Gets the names of the balancers that are in use.</summary>
    IReadOnlyCollection<string> Names { get; }

    /// <summary>Returns the balancer named <paramref name="name"/>.</summary>
    /// <param name="name">The balancer's name, for example <c>lean</c>.</param>
    /// <returns>The balancer.</returns>
    /// <exception cref="KeyNotFoundException">No balancer of that name is installed.</exception>
    ILoadBalancer GetLoadBalancer(string name);
}
