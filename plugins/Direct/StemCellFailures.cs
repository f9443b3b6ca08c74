namespace OpenWhisk.Plugins.Direct;

/// <summary>A stem-cell setting whose creations fail: how many rounds failed, and whether it waits for its retry. Guarded by the pool's lock.</summary>
internal sealed class StemCellFailures
{
    /// <summary>Gets or sets the failed rounds in a row (one round: the stem cells started together).</summary>
    public int Rounds { get; set; }

    /// <summary>Gets or sets a value indicating whether the setting waits for its retry delay to pass.</summary>
    public bool Waiting { get; set; }
}
