using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenWhisk.Spi.Invokers;

namespace OpenWhisk.Controller.LoadBalancing;

/// <summary>
/// Ready when some balancer has a healthy invoker to send activations to; a controller whose balancers use no
/// invokers at all (<c>direct</c> alone) is ready without one.
/// </summary>
/// <param name="balancers">The running balancers.</param>
public sealed class InvokersHealthCheck(LoadBalancerHost balancers) : IHealthCheck
{
    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var known = 0;
        var healthy = 0;
        foreach (var balancer in balancers.Balancers)
        {
            foreach (var invoker in await balancer.GetInvokerHealthAsync(cancellationToken))
            {
                known++;
                healthy += invoker.State == InvokerState.Healthy ? 1 : 0;
            }
        }

        if (balancers.Balancers.Count == 0)
        {
            return HealthCheckResult.Unhealthy("No balancer has started.");
        }

        return known == 0 || healthy > 0
            ? HealthCheckResult.Healthy($"{healthy} of {known} invokers are healthy.")
            : HealthCheckResult.Unhealthy($"None of the {known} invokers is healthy.");
    }
}
