using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OpenWhisk.Common.Health;

/// <summary>
/// Ready when a component's own probe completes (the messaging layer's <c>CheckHealthAsync</c>, the container
/// factory's); any exception is unhealthy, with its message as the description.
/// </summary>
/// <param name="component">What is probed, as the description names it ("The messaging layer").</param>
/// <param name="probe">The probe.</param>
public sealed class ProbeHealthCheck(string component, Func<CancellationToken, Task> probe) : IHealthCheck
{
    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await probe(cancellationToken);
            return HealthCheckResult.Healthy(component + " answers.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy(component + " does not answer: " + exception.Message);
        }
    }
}
