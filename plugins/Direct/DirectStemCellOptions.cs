namespace OpenWhisk.Plugins.Direct;

/// <summary>Stem cells the direct balancer keeps of one kind and memory (an item of <c>Direct:StemCells</c>).</summary>
public sealed class DirectStemCellOptions
{
    /// <summary>Gets or sets the kind, as the runtimes manifest names it (for example <c>nodejs:20</c>).</summary>
    public string Kind { get; set; } = "";

    /// <summary>Gets or sets the memory of each stem cell, in megabytes (default 256); only actions of this memory take them.</summary>
    public int MemoryMb { get; set; } = 256;

    /// <summary>Gets or sets how many to keep (default 1).</summary>
    public int Count { get; set; } = 1;
}
