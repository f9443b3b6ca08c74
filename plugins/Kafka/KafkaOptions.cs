using System.ComponentModel.DataAnnotations;

namespace OpenWhisk.Plugins.Kafka;

/// <summary>Settings of the Kafka messaging provider (section <c>Kafka</c>).</summary>
public sealed class KafkaOptions
{
    /// <summary>Gets or sets the brokers, <c>host:port[,host:port]</c>.</summary>
    [Required]
    public string BootstrapServers { get; set; } = "127.0.0.1:9092";

    /// <summary>Gets or sets a prefix for every topic name.</summary>
    public string TopicPrefix { get; set; } = string.Empty;

    /// <summary>Gets or sets the replication factor of topics the provider creates.</summary>
    [Range(1, 16)]
    public short ReplicationFactor { get; set; } = 1;

    /// <summary>Gets or sets how long a fetch waits for data (OpenWhisk: 500 ms; the mock cluster only answers after it).</summary>
    [Range(0, 60_000)]
    public int FetchWaitMaxMs { get; set; } = 500;

    /// <summary>Gets or sets the consumer group session timeout.</summary>
    [Range(1000, 300_000)]
    public int SessionTimeoutMs { get; set; } = 10_000;

    /// <summary>Gets or sets the consumer heartbeat interval.</summary>
    [Range(100, 100_000)]
    public int HeartbeatIntervalMs { get; set; } = 1000;

    /// <summary>
    /// Gets or sets an upper bound for the consumers' poll interval (<c>max.poll.interval.ms</c>, which is also how
    /// long a group rebalance may wait for members), or null to keep what each consumer asks for. librdkafka's mock
    /// cluster waits that long for members it lost in an outage, so single-machine setups lower it.
    /// </summary>
    [Range(1000, 86_400_000)]
    public int? MaxPollIntervalMs { get; set; }

    /// <summary>
    /// Gets or sets how long a consumer may wait for a partition assignment (after joining, or after losing its
    /// partitions) before it is replaced by a new group member.
    /// </summary>
    [Range(1000, 3_600_000)]
    public int RejoinTimeoutMs { get; set; } = 30_000;

    /// <summary>Gets or sets how often consumers commit the offsets of processed messages in the background.</summary>
    [Range(10, 60_000)]
    public int AutoCommitIntervalMs { get; set; } = 1000;

    /// <summary>Gets or sets how long the producer keeps trying to deliver a message before it reports failure.</summary>
    [Range(100, 600_000)]
    public int MessageTimeoutMs { get; set; } = 10_000;

    /// <summary>Gets or sets how often the producer retries a failed send (bounded; idempotence keeps order and avoids duplicates).</summary>
    [Range(1, 100)]
    public int ProducerRetries { get; set; } = 5;

    /// <summary>Gets or sets the most messages the producer queues locally (bounded, never unbounded).</summary>
    [Range(10, 10_000_000)]
    public int ProducerQueueMessages { get; set; } = 10_000;

    /// <summary>Gets or sets how long admin calls (creating topics) may take.</summary>
    public TimeSpan AdminTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets extra librdkafka settings for every client (for example <c>security.protocol</c>).</summary>
    public Dictionary<string, string> Settings { get; set; } = [];
}
