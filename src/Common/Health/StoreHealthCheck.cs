using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Common.Health;

/// <summary>Ready when the artifact store and the activation store answer a read (of a document that does not exist).</summary>
/// <param name="artifacts">The artifact store.</param>
/// <param name="activations">The activation store.</param>
public sealed class StoreHealthCheck(IArtifactStore artifacts, IActivationStore activations) : IHealthCheck
{
    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await artifacts.GetAsync("whisk.system/_health", cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The artifact store does not answer: " + exception.Message);
        }

        try
        {
            await activations.GetAsync("whisk.system", "_health", cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The activation store does not answer: " + exception.Message);
        }

        return HealthCheckResult.Healthy("Both stores answer.");
    }
}
