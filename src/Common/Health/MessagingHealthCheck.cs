using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenWhisk.Spi.Messaging;

namespace OpenWhisk.Common.Health;

/// <summary>Ready when the messaging layer answers (<see cref="IMessagingProvider.CheckHealthAsync"/>; for Kafka, a metadata request).</summary>
/// <param name="messaging">The messaging provider.</param>
public sealed class MessagingHealthCheck(IMessagingProvider messaging) : IHealthCheck
{
    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await messaging.CheckHealthAsync(cancellationToken);
            return HealthCheckResult.Healthy("The messaging layer answers.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The messaging layer does not answer: " + exception.Message);
        }
    }
}
