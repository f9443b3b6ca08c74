using Microsoft.Extensions.Options;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.LoadBalancing;

namespace OpenWhisk.Plugins.Single;

/// <summary>The default resolver (name <c>single</c>): every action goes to <c>LoadBalancer:Default</c>.</summary>
public sealed class SingleLoadBalancerResolver(ILoadBalancerProvider provider, IOptions<SingleResolverOptions> options) : ILoadBalancerResolver
{
    /// <summary>The implementation name.</summary>
    public const string Name = "single";

    private readonly Lazy<ILoadBalancer> balancer = new(() => provider.GetLoadBalancer(options.Value.Default));

    public IReadOnlyCollection<string> BalancerNames => [options.Value.Default];

    public ILoadBalancer Resolve(WhiskAction action) => balancer.Value;
}
