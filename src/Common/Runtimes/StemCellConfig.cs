namespace OpenWhisk.Common.Runtimes;

/// <summary>How many prewarmed containers ("stem cells") of one kind and memory to keep.</summary>
/// <param name="InitialCount">How many to start at startup.</param>
/// <param name="MemoryMb">The memory of each.</param>
/// <param name="Reactive">Optional demand-driven sizing.</param>
public sealed record StemCellConfig(int InitialCount, int MemoryMb, ReactivePrewarmConfig? Reactive = null);
