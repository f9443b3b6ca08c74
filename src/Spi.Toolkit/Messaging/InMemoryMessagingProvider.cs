using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OpenWhisk.Spi.Messaging;

namespace OpenWhisk.Spi.Toolkit.Messaging;

/// <summary>
/// The in-process message bus (name <c>memory</c>): the standalone default and the reference behaviour for the
/// Kafka provider. Topics live as long as the provider; nothing is persisted.
/// </summary>
/// <param name="options">The bus's limits.</param>
/// <param name="timeProvider">The clock of waiting peeks.</param>
public sealed class InMemoryMessagingProvider(IOptions<InMemoryMessagingOptions> options, TimeProvider timeProvider) : IMessagingProvider
{
    /// <summary>The implementation name.</summary>
    public const string Name = "memory";

    private readonly ConcurrentDictionary<string, InMemoryTopic> topics = new(StringComparer.Ordinal);
    private readonly InMemoryMessagingOptions settings = options.Value;

    /// <inheritdoc />
    public IMessageProducer CreateProducer(MessageProducerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new InMemoryProducer(this, options.MaxMessageBytes ?? settings.MaxMessageBytes);
    }

    /// <inheritdoc />
    public IMessageConsumer CreateConsumer(MessageConsumerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPeek, 1);
        return new InMemoryConsumer(Topic(options.Topic), options.GroupId, options.MaxPeek, timeProvider);
    }

    /// <inheritdoc />
    public Task EnsureTopicAsync(string topic, TopicOptions options, CancellationToken cancellationToken)
    {
        Topic(topic);
        return Task.CompletedTask;
    }

    internal InMemoryTopic Topic(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return topics.GetOrAdd(name, n => new InMemoryTopic(n, settings.MaxMessagesPerTopic));
    }
}
