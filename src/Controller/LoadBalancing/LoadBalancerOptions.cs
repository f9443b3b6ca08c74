using System.ComponentModel.DataAnnotations;
using OpenWhisk.Spi.Toolkit.LoadBalancing;

namespace OpenWhisk.Controller.LoadBalancing;

/// <summary>Settings of load balancing (section <c>LoadBalancer</c>).</summary>
public sealed class LoadBalancerOptions
{
    /// <summary>Gets or sets the balancer of the <c>single</c> resolver (and the fallback of others).</summary>
    [Required]
    public string Default { get; set; } = "lean";

    /// <summary>Gets or sets the factor in OpenWhisk's completion timeout: max(action timeout, 60 s) × factor + addon.</summary>
    [Range(1, 100)]
    public double TimeoutFactor { get; set; } = 2;

    /// <summary>Gets or sets the addon in the completion timeout.</summary>
    public TimeSpan TimeoutAddon { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets the invoker the <c>lean</c> balancer sends to.</summary>
    [Range(0, 10_000)]
    public int LeanInvoker { get; set; }

    /// <summary>The completion timeout these settings give the balancers' activation trackers.</summary>
    /// <returns>The trackers' options.</returns>
    public CompletionTimeout CompletionTimeout() => new() { Factor = TimeoutFactor, Addon = TimeoutAddon };
}
