using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenWhisk.Spi.Invokers;

namespace OpenWhisk.Controller.LoadBalancing;

/// <summary>
/// Ready when every balancer that sends activations to invokers has a healthy one (registered and answering its
/// test action); a controller whose balancers run containers themselves (<c>direct</c>) is ready without invokers.
/// </summary>
/// <param name="balancers">The running balancers.</param>
public sealed class InvokersHealthCheck(LoadBalancerHost balancers) : IHealthCheck
{
    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (balancers.Balancers.Count == 0)
        {
            return HealthCheckResult.Unhealthy("No balancer has started.");
        }

        var summary = new List<string>();
        var ready = true;
        foreach (var balancer in balancers.Balancers.Where(b => b.UsesInvokers))
        {
            var invokers = await balancer.GetInvokerHealthAsync(cancellationToken);
            var healthy = invokers.Count(i => i.State == InvokerState.Healthy);
            summary.Add($"{balancer.Name}: {healthy} of {invokers.Count} invokers healthy");
            ready &= healthy > 0;
        }

        var description = summary.Count == 0 ? "No balancer uses invokers." : string.Join("; ", summary) + ".";
        return ready ? HealthCheckResult.Healthy(description) : HealthCheckResult.Unhealthy(description);
    }
}
