namespace OpenWhisk.Common.Stores.Sqlite;

/// <summary>What the activation writer does with a queued row.</summary>
internal enum PendingRowKind
{
    /// <summary>Stores (or replaces) a record and ends its acceptance.</summary>
    Record,

    /// <summary>Notes an accepted activation.</summary>
    Accepted,

    /// <summary>Stores a fallback record unless a record is stored, and ends the acceptance.</summary>
    Overdue,

    /// <summary>Ends the acceptance without storing anything.</summary>
    Forget,
}
