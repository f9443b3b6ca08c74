using System.Text;
using Microsoft.Extensions.Options;
using OpenWhisk.Spi.Messaging;
using OpenWhisk.Spi.Toolkit.Messaging;

namespace OpenWhisk.Spi.Toolkit.Tests.Messaging;

[TestFixture]
public sealed class InMemoryTopicRetentionTests
{
    [Test]
    public async Task Drops_messages_every_group_has_committed()
    {
        var provider = Provider(maxMessages: 1000);
        await using var consumer = provider.CreateConsumer(new MessageConsumerOptions { Topic = "t", GroupId = "g", MaxPeek = 10 });
        await SendAsync(provider, "t", 10);

        await consumer.PeekAsync(TimeSpan.Zero, CancellationToken.None);
        await consumer.CommitAsync(CancellationToken.None);

        Assert.That(provider.Topic("t").Retained, Is.Zero);
    }

    [Test]
    public async Task Keeps_at_most_the_configured_number_of_messages_when_nobody_reads()
    {
        var provider = Provider(maxMessages: 5);

        await SendAsync(provider, "health", 12);

        Assert.That(provider.Topic("health").Retained, Is.EqualTo(5));
    }

    private static InMemoryMessagingProvider Provider(int maxMessages) =>
        new(Options.Create(new InMemoryMessagingOptions { MaxMessagesPerTopic = maxMessages }), TimeProvider.System);

    private static async Task SendAsync(InMemoryMessagingProvider provider, string topic, int count)
    {
        await using var producer = provider.CreateProducer(MessageProducerOptions.Default);
        for (var i = 0; i < count; i++)
        {
            await producer.SendAsync(topic, Encoding.UTF8.GetBytes($"m{i}"), CancellationToken.None);
        }
    }
}
