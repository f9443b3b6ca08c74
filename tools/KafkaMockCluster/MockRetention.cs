using Confluent.Kafka;

namespace OpenWhisk.KafkaMockCluster;

/// <summary>
/// Kafka's time-based retention (<c>retention.ms</c>) for the mock cluster, which has none of its own: it keeps up to
/// 5 MiB or 100 000 batches per partition, and every fetch walks that list to find its offset, so under load the mock
/// spends much of its CPU searching. Each <see cref="Enforce"/> notes every partition's end
/// offset and deletes the messages that were already there a retention ago.
/// </summary>
public sealed class MockRetention : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(2);
    private readonly MockCluster cluster;
    private readonly TimeProvider timeProvider;
    private readonly IAdminClient admin;
    private readonly IConsumer<Ignore, Ignore> offsets;
    private readonly Dictionary<TopicPartition, PartitionEnds> partitions = [];

    /// <summary>Initializes a new instance of the <see cref="MockRetention"/> class.</summary>
    /// <param name="cluster">The cluster whose messages expire.</param>
    /// <param name="retention">How long a message is kept at least.</param>
    /// <param name="timeProvider">The clock.</param>
    public MockRetention(MockCluster cluster, TimeSpan retention, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero);
        this.cluster = cluster;
        Retention = retention;
        this.timeProvider = timeProvider;
        admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = cluster.BootstrapServers }).Build();

        // Only reads end offsets: it never subscribes, so it joins no group.
        offsets = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = "kafka-mock-retention" }).Build();
    }

    /// <summary>Gets how long a message is kept at least.</summary>
    public TimeSpan Retention { get; }

    /// <summary>
    /// Notes the end of every partition and deletes what is older than the retention.
    /// </summary>
    /// <returns>
    /// The number of messages deleted: how far the partitions' start offsets moved, counted from the offsets this
    /// retention deleted before (from 0 the first time, so messages the mock had already dropped count too).
    /// </returns>
    /// <exception cref="KafkaException">The cluster did not answer a metadata or offset request in time.</exception>
    public long Enforce()
    {
        var now = timeProvider.GetUtcNow();
        long deleted = 0;
        foreach (var topic in admin.GetMetadata(RequestTimeout).Topics.Where(t => !t.Error.IsError))
        {
            foreach (var partition in topic.Partitions)
            {
                var key = new TopicPartition(topic.Topic, partition.PartitionId);
                if (!partitions.TryGetValue(key, out var ends))
                {
                    ends = new PartitionEnds();
                    partitions[key] = ends;
                }

                ends.Seen.Enqueue((now, offsets.QueryWatermarkOffsets(key, RequestTimeout).High.Value));
                long? expiredBefore = null;
                while (ends.Seen.TryPeek(out var oldest) && now - oldest.At >= Retention)
                {
                    expiredBefore = ends.Seen.Dequeue().End;
                }

                if (expiredBefore is { } before && before > ends.DeletedBefore && cluster.DeleteRecordsBefore(topic.Topic, partition.PartitionId, before))
                {
                    deleted += before - ends.DeletedBefore;
                    ends.DeletedBefore = before;
                }
            }
        }

        return deleted;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        offsets.Dispose();
        admin.Dispose();
    }
}
