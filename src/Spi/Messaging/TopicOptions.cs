namespace OpenWhisk.Spi.Messaging;

/// <summary>Settings of a topic.</summary>
public sealed record TopicOptions
{
    /// <summary>Gets the default settings.</summary>
    public static TopicOptions Default { get; } = new();

    /// <summary>Gets the number of partitions.</summary>
    public int Partitions { get; init; } = 1;

    /// <summary>Gets how long messages are kept.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Gets the largest message the topic accepts, in bytes, or null for the bus's default.</summary>
    public int? MaxMessageBytes { get; init; }
}
