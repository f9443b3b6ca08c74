using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenWhisk.Spi.Messaging;

namespace OpenWhisk.Plugins.Kafka.Tests;

/// <summary>Kafka messaging across a broker outage (the mock cluster takes its broker down and up).</summary>
[TestFixture]
public sealed class KafkaOutageTests
{
    [Test]
    public async Task Consumers_of_several_groups_receive_again_after_a_broker_outage()
    {
        using var cluster = new KafkaCluster();
        if (cluster.Mock is not { } mock)
        {
            Assert.Ignore("Needs the mock cluster to take the broker down (OW_TEST_KAFKA_BOOTSTRAP is set).");
            return;
        }

        var topics = new[] { "outage-a", "outage-b", "outage-c" };
        foreach (var topic in topics)
        {
            mock.CreateTopic(topic);
        }

        var options = cluster.Options();
        options.MaxPollIntervalMs = 10_000;
        options.RejoinTimeoutMs = 5_000;
        using var provider = new KafkaMessagingProvider(Options.Create(options), NullLoggerFactory.Instance);
        await using var producer = provider.CreateProducer(new MessageProducerOptions());
        var consumers = topics.Select(t => provider.CreateConsumer(new MessageConsumerOptions { Topic = t, GroupId = "group-" + t })).ToList();
        var received = new ConcurrentDictionary<string, ConcurrentBag<string>>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var readers = consumers.Select(consumer => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var batch = await consumer.PeekAsync(TimeSpan.FromMilliseconds(500), CancellationToken.None);
                foreach (var message in batch)
                {
                    received.GetOrAdd(consumer.Topic, _ => []).Add(Encoding.UTF8.GetString(message.Value.Span));
                }

                await consumer.CommitAsync(CancellationToken.None);
            }
        })).ToList();

        await SendToAllAsync(producer, topics, "before");
        Assert.That(() => topics.All(t => received.TryGetValue(t, out var bag) && bag.Contains("before")), Is.True.After(10_000, 50));

        mock.BrokerDown();
        await Task.Delay(TimeSpan.FromSeconds(5));
        mock.BrokerUp();

        var clock = Stopwatch.StartNew();
        while (!topics.All(t => received[t].Contains("after")) && clock.Elapsed < TimeSpan.FromSeconds(45))
        {
            await SendToAllAsync(producer, topics, "after");
            await Task.Delay(500);
        }

        TestContext.Out.WriteLine($"every group received again {clock.Elapsed.TotalSeconds:F1} s after the broker came back");
        await stop.CancelAsync();
        await Task.WhenAll(readers);
        foreach (var consumer in consumers)
        {
            await consumer.DisposeAsync();
        }

        Assert.That(topics.Where(t => !received[t].Contains("after")), Is.Empty, "groups that never received again");
    }

    private static async Task SendToAllAsync(IMessageProducer producer, IEnumerable<string> topics, string text)
    {
        foreach (var topic in topics)
        {
            try
            {
                await producer.SendAsync(topic, Encoding.UTF8.GetBytes(text), CancellationToken.None);
            }
            catch (MessagingException)
            {
                // The producer is still reconnecting; the next round sends again.
            }
        }
    }
}
