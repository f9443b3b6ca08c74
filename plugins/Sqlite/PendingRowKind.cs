namespace OpenWhisk.Plugins.Sqlite;

/// <summary>What the activation writer does with a queued row.</summary>
internal enum PendingRowKind
{
    /// <summary>Stores (or replaces) a record.</summary>
    Record,

    /// <summary>Stores a fallback record unless a record is stored.</summary>
    Overdue,

    /// <summary>Notes that an accepted activation no longer counts, without storing anything.</summary>
    Forget,
}
