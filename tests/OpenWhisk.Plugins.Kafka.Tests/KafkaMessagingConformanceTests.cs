using OpenWhisk.Spi.Messaging;
using OpenWhisk.TestKit.Messaging;

namespace OpenWhisk.Plugins.Kafka.Tests;

/// <summary>The messaging conformance fixture against Kafka (librdkafka's mock cluster unless a real one is configured).</summary>
[TestFixture]
public sealed class KafkaMessagingConformanceTests : MessagingProviderConformanceTests
{
    private KafkaCluster cluster = null!;
    private KafkaMessagingProvider provider = null!;

    protected override TimeSpan PeekWait => TimeSpan.FromMilliseconds(500);

    protected override TimeSpan GroupSettleTime => TimeSpan.FromSeconds(4);

    protected override Task<IMessagingProvider> CreateProviderAsync()
    {
        cluster = new KafkaCluster();
        provider = cluster.Provider();
        return Task.FromResult<IMessagingProvider>(new TopicCreatingProvider(provider, cluster));
    }

    protected override Task DisposeProviderAsync(IMessagingProvider provider) => Task.CompletedTask;

    [TearDown]
    public void DisposeCluster()
    {
        provider.Dispose();
        cluster.Dispose();
    }

    /// <summary>Creates topics through the mock cluster, which does not implement CreateTopics.</summary>
    private sealed class TopicCreatingProvider(KafkaMessagingProvider inner, KafkaCluster cluster) : IMessagingProvider
    {
        public IMessageProducer CreateProducer(MessageProducerOptions options) => inner.CreateProducer(options);

        public IMessageConsumer CreateConsumer(MessageConsumerOptions options) => inner.CreateConsumer(options);

        public async Task EnsureTopicAsync(string topic, TopicOptions options, CancellationToken cancellationToken)
        {
            cluster.Mock?.CreateTopic(topic);
            await inner.EnsureTopicAsync(topic, options, cancellationToken);
        }
    }
}
