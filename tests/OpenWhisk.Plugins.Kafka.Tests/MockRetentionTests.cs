using Confluent.Kafka;
using Microsoft.Extensions.Time.Testing;
using OpenWhisk.KafkaMockCluster;

namespace OpenWhisk.Plugins.Kafka.Tests;

/// <summary>The mock cluster's time-based retention (the stand-in broker of <c>run.sh --distributed</c> and the bench).</summary>
[TestFixture]
public sealed class MockRetentionTests
{
    private const string Topic = "retained";

    [Test]
    public async Task Messages_are_deleted_once_they_have_been_there_for_the_retention_and_not_before()
    {
        using var cluster = new MockCluster();
        cluster.CreateTopic(Topic);
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-07T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var retention = new MockRetention(cluster, TimeSpan.FromSeconds(10), time);
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build();
        using var reader = new ConsumerBuilder<Ignore, string>(new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = "retention-test" }).Build();
        var partition = new TopicPartition(Topic, 0);

        await ProduceAsync(producer, "a", "b", "c");
        Assert.That(retention.Enforce(), Is.Zero);

        time.Advance(TimeSpan.FromSeconds(5));
        await ProduceAsync(producer, "d", "e");
        Assert.That(retention.Enforce(), Is.Zero, "nothing is 10 s old yet");
        Assert.That(reader.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(5)).Low.Value, Is.Zero);

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.That(retention.Enforce(), Is.EqualTo(3), "the three messages there 10 s ago");
        Assert.That(reader.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(5)).Low.Value, Is.EqualTo(3));
        Assert.That(ReadFromStart(cluster), Is.EqualTo(new[] { "d", "e" }));

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.That(retention.Enforce(), Is.EqualTo(2));
        Assert.That(reader.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(5)).Low.Value, Is.EqualTo(5));
    }

    [Test]
    public void A_retention_of_zero_or_less_is_refused()
    {
        using var cluster = new MockCluster();
        Assert.That(() => new MockRetention(cluster, TimeSpan.Zero, TimeProvider.System), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    private static async Task ProduceAsync(IProducer<Null, string> producer, params string[] values)
    {
        foreach (var value in values)
        {
            await producer.ProduceAsync(new TopicPartition(Topic, 0), new Message<Null, string> { Value = value });
        }
    }

    private static List<string> ReadFromStart(MockCluster cluster)
    {
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = "retention-reader",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnablePartitionEof = true,
        }).Build();
        consumer.Assign(new TopicPartitionOffset(Topic, 0, Offset.Beginning));
        var values = new List<string>();
        var reading = System.Diagnostics.Stopwatch.StartNew();
        while (reading.Elapsed < TimeSpan.FromSeconds(10))
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                continue;
            }

            if (result.IsPartitionEOF)
            {
                break;
            }

            values.Add(result.Message.Value);
        }

        return values;
    }
}
