namespace OpenWhisk.Spi.Messaging;

/// <summary>Settings of a producer.</summary>
public sealed record MessageProducerOptions
{
    /// <summary>Gets the default settings.</summary>
    public static MessageProducerOptions Default { get; } = new();

    /// <summary>Gets the largest message the producer sends, in bytes, or null for the bus's default.</summary>
    public int? MaxMessageBytes { get; init; }

    /// <summary>Gets a name for the producer in the bus's logs and metrics.</summary>
    public string? ClientId { get; init; }

    /// <summary>
    /// Gets the longest a send may take, retries included, before it fails with a transient
    /// <see cref="MessagingException"/>, or null for the bus's default.
    /// </summary>
    public TimeSpan? DeliveryTimeout { get; init; }
}
