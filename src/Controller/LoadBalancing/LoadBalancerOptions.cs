using System.ComponentModel.DataAnnotations;
using OpenWhisk.Spi.Toolkit.LoadBalancing;

namespace OpenWhisk.Controller.LoadBalancing;

/// <summary>
/// The host's settings of load balancing (section <c>LoadBalancer</c>): the completion timeout of every balancer's
/// activations. The balancers and resolvers read their own keys of the section (<c>Default</c>, <c>LeanInvoker</c>, …).
/// </summary>
public sealed class LoadBalancerOptions
{
    /// <summary>Gets or sets the factor in OpenWhisk's completion timeout: max(action timeout, 60 s) × factor + addon.</summary>
    [Range(1, 100)]
    public double TimeoutFactor { get; set; } = 2;

    /// <summary>Gets or sets the addon in the completion timeout.</summary>
    public TimeSpan TimeoutAddon { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The completion timeout these settings give the balancers' activation trackers.</summary>
    /// <returns>The trackers' options.</returns>
    public CompletionTimeout CompletionTimeout() => new() { Factor = TimeoutFactor, Addon = TimeoutAddon };
}
