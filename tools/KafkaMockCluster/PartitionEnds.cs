namespace OpenWhisk.KafkaMockCluster;

/// <summary>What <see cref="MockRetention"/> knows of one partition: its end offsets as seen over time.</summary>
internal sealed class PartitionEnds
{
    /// <summary>Gets the end offsets seen, oldest first, for as long as the retention.</summary>
    public Queue<(DateTimeOffset At, long End)> Seen { get; } = new();

    /// <summary>Gets or sets the offset before which messages were deleted.</summary>
    public long DeletedBefore { get; set; }
}
