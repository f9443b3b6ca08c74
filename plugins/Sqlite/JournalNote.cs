namespace OpenWhisk.Plugins.Sqlite;

/// <summary>
/// One line of the journal's segment files, as a sweep keeps it in memory: the accepted activation's keys, its
/// deadline and where its line is in the segment. The fallback record stays in the file until it is needed (only an
/// overdue note needs it, <see cref="JournalLine.ReadFallback"/>), so that the thousands of notes a sweep holds cost
/// memory for their keys alone.
/// </summary>
/// <param name="Deadline">When it is overdue, in epoch milliseconds.</param>
/// <param name="Controller">The controller that accepted it.</param>
/// <param name="Namespace">The activation's namespace.</param>
/// <param name="ActivationId">The activation id.</param>
/// <param name="Offset">Where its line starts in the segment file.</param>
/// <param name="Length">The length of its line, newline excluded.</param>
internal sealed record JournalNote(long Deadline, string Controller, string Namespace, string ActivationId, long Offset, int Length)
{
    /// <summary>Gets the key the activation is stored under.</summary>
    public (string Namespace, string ActivationId) Key => (Namespace, ActivationId);
}
