using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenWhisk.Spi.Invokers;
using OpenWhisk.Spi.Messaging;

namespace OpenWhisk.Common.Health;

/// <summary>Ready when the messaging provider confirms the <c>health</c> topic (for Kafka: the brokers answer).</summary>
/// <param name="messaging">The messaging provider.</param>
public sealed class MessagingHealthCheck(IMessagingProvider messaging) : IHealthCheck
{
    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await messaging.EnsureTopicAsync(PingMessage.Topic, TopicOptions.Default, cancellationToken);
            return HealthCheckResult.Healthy("The messaging layer answers.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The messaging layer does not answer: " + exception.Message);
        }
    }
}
