namespace OpenWhisk.Spi.Messaging;

/// <summary>
/// A message bus with topics and consumer groups (OpenWhisk's <c>MessagingProvider</c>): every group sees every
/// message of a topic, consumers within a group share them. Selected by <c>Spi:Messaging</c>.
/// </summary>
[SpiContract("Messaging")]
public interface IMessagingProvider
{
    /// <summary>Creates a producer.</summary>
    /// <param name="options">Producer settings.</param>
    /// <returns>The producer; dispose it when done.</returns>
    IMessageProducer CreateProducer(MessageProducerOptions options);

    /// <summary>Creates a consumer that joins a group on one topic.</summary>
    /// <param name="options">Topic, group and peek limit.</param>
    /// <returns>The consumer; dispose it when done.</returns>
    IMessageConsumer CreateConsumer(MessageConsumerOptions options);

    /// <summary>Creates the topic if the bus supports it and it does not exist yet.</summary>
    /// <param name="topic">The topic name.</param>
    /// <param name="options">Topic settings.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the topic exists (or the bus creates topics on use).</returns>
    Task EnsureTopicAsync(string topic, TopicOptions options, CancellationToken cancellationToken);

    /// <summary>
    /// Checks that the bus answers now (for a broker-based bus: a metadata request): the host's readiness check
    /// (<c>/health/ready</c>) calls it. The default reports healthy, as for a bus inside the process.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check (it is also bounded by the host).</param>
    /// <returns>A task that completes when the bus answered.</returns>
    /// <exception cref="Exception">Any exception means unhealthy; its message is shown in the check's detail.</exception>
    Task CheckHealthAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
