namespace OpenWhisk.Spi.Messaging;

/// <summary>Settings of a consumer.</summary>
public sealed record MessageConsumerOptions
{
    /// <summary>Gets the topic to read.</summary>
    public required string Topic { get; init; }

    /// <summary>Gets the consumer group.</summary>
    public required string GroupId { get; init; }

    /// <summary>Gets the most messages one peek returns.</summary>
    public int MaxPeek { get; init; } = 128;

    /// <summary>Gets how long the consumer may go between peeks before the bus considers it dead.</summary>
    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromMinutes(6);

    /// <summary>
    /// Gets how long a message may wait on the bus before this consumer sees it, for consumers of background traffic
    /// such as health pings (null, the default: as soon as the provider is configured to deliver). A provider may
    /// use it to poll less often (Kafka: a longer fetch wait), saving the CPU of constant polling.
    /// </summary>
    public TimeSpan? TolerableDelay { get; init; }
}
