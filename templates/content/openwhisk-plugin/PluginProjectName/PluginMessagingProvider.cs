using OpenWhisk.Spi.Messaging;

namespace PluginProjectName;

/// <summary>
/// A messaging provider: the topics that carry activations to invokers and completions and health pings back.
/// PluginProjectName.Tests runs the conformance fixture of the contract against it: it fails until the members below
/// are written.
/// </summary>
public sealed class PluginMessagingProvider : IMessagingProvider
{
    /// <inheritdoc />
    public IMessageProducer CreateProducer(MessageProducerOptions options) =>
        throw new NotImplementedException("not implemented yet: return a producer that sends to any topic.");

    /// <inheritdoc />
    public IMessageConsumer CreateConsumer(MessageConsumerOptions options) =>
        throw new NotImplementedException("not implemented yet: return a consumer of the topic for the group.");

    /// <inheritdoc />
    public Task EnsureTopicAsync(string topic, TopicOptions options, CancellationToken cancellationToken) =>
        throw new NotImplementedException("not implemented yet: create the topic if it does not exist.");
}
