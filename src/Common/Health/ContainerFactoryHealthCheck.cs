using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenWhisk.Spi.Containers;

namespace OpenWhisk.Common.Health;

/// <summary>Ready when the container factory's back end answers (<see cref="IContainerFactory.CheckHealthAsync"/>).</summary>
/// <param name="factory">The container factory.</param>
public sealed class ContainerFactoryHealthCheck(IContainerFactory factory) : IHealthCheck
{
    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await factory.CheckHealthAsync(cancellationToken);
            return HealthCheckResult.Healthy("The container factory answers.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The container factory does not answer: " + exception.Message);
        }
    }
}
