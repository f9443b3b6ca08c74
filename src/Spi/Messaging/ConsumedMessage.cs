namespace OpenWhisk.Spi.Messaging;

/// <summary>A message read from a topic.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition.</param>
/// <param name="Offset">The offset within the partition.</param>
/// <param name="Value">The message bytes.</param>
public sealed record ConsumedMessage(string Topic, int Partition, long Offset, ReadOnlyMemory<byte> Value);
