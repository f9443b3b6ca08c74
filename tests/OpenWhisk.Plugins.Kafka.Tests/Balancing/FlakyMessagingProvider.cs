using OpenWhisk.Spi.Messaging;

namespace OpenWhisk.Plugins.Kafka.Tests.Balancing;

/// <summary>Wraps a bus; while <see cref="Down"/> is set, sends fail the way a broker outage makes them fail.</summary>
internal sealed class FlakyMessagingProvider(IMessagingProvider inner) : IMessagingProvider
{
    public volatile bool Down;

    public int FailedSends;

    public IMessageProducer CreateProducer(MessageProducerOptions options) => new Producer(this, inner.CreateProducer(options));

    public IMessageConsumer CreateConsumer(MessageConsumerOptions options) => inner.CreateConsumer(options);

    public Task EnsureTopicAsync(string topic, TopicOptions options, CancellationToken cancellationToken) => inner.EnsureTopicAsync(topic, options, cancellationToken);

    private sealed class Producer(FlakyMessagingProvider owner, IMessageProducer inner) : IMessageProducer
    {
        public Task<MessagePosition> SendAsync(string topic, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
        {
            if (owner.Down)
            {
                Interlocked.Increment(ref owner.FailedSends);
                throw new MessagingException("broker down", isTransient: true);
            }

            return inner.SendAsync(topic, message, cancellationToken);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
