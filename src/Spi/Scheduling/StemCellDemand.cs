namespace OpenWhisk.Spi.Scheduling;

/// <summary>One stem-cell configuration of the runtimes manifest and what the pool saw of it, for sizing its stem cells.</summary>
/// <param name="RuntimeKind">The runtime kind of the stem cells.</param>
/// <param name="MemoryMb">Their memory, in MB.</param>
/// <param name="InitialCount">How many the manifest asks for at start (and always, without <paramref name="Reactive"/>).</param>
/// <param name="Reactive">The demand-driven sizing of the manifest, if it has one.</param>
/// <param name="CurrentCount">Stem cells of this configuration ready or being created now.</param>
/// <param name="ColdStarts">Cold starts of this kind and memory since the last scheduled check (activations a stem cell could have taken).</param>
/// <param name="Trigger">Why the pool asks.</param>
public sealed record StemCellDemand(
    string RuntimeKind,
    int MemoryMb,
    int InitialCount,
    StemCellReactivity? Reactive,
    int CurrentCount,
    int ColdStarts,
    StemCellTrigger Trigger);
