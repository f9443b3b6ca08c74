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
}
