using System.ComponentModel.DataAnnotations;

namespace OpenWhisk.Spi.Toolkit.Messaging;

/// <summary>Settings of the in-memory message bus (section <c>Messaging:Memory</c>).</summary>
public sealed class InMemoryMessagingOptions
{
    /// <summary>
    /// Gets or sets the most messages a topic keeps; the oldest are dropped beyond it, like a retention limit.
    /// Messages every known group has committed are dropped at once.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int MaxMessagesPerTopic { get; set; } = 10_000;

    /// <summary>Gets or sets the largest message accepted, in bytes (1 MB + 6068, like OpenWhisk's Kafka topics).</summary>
    [Range(1, int.MaxValue)]
    public int MaxMessageBytes { get; set; } = (1024 * 1024) + 6068;
}
