namespace OpenWhisk.Spi.Messaging;

/// <summary>Where the bus stored a sent message.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition.</param>
/// <param name="Offset">The offset, or -1 when the bus does not tell.</param>
public sealed record MessagePosition(string Topic, int Partition, long Offset);
