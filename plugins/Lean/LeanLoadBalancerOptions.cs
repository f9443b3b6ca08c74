using System.ComponentModel.DataAnnotations;

namespace OpenWhisk.Plugins.Lean;

/// <summary>Settings of the <c>lean</c> balancer (section <c>LoadBalancer</c>, beside the host's own keys there).</summary>
public sealed class LeanLoadBalancerOptions
{
    /// <summary>Gets or sets the invoker the <c>lean</c> balancer sends to.</summary>
    [Range(0, 10_000)]
    public int LeanInvoker { get; set; }
}
