namespace OpenWhisk.Spi.Scheduling;

/// <summary>Why the pool asks how many stem cells of a configuration it should have.</summary>
public enum StemCellTrigger
{
    /// <summary>The pool starts.</summary>
    Initial,

    /// <summary>A stem cell was taken, failed or was removed; the pool fills the gap.</summary>
    Backfill,

    /// <summary>The periodic check (OpenWhisk's prewarm expiration check): expired stem cells were removed and reactive counts are due.</summary>
    Scheduled,
}
