namespace OpenWhisk.Plugins.Sqlite;

/// <summary>One segment file of the journal as read: its notes in the order written and whether it is closed.</summary>
/// <param name="Path">The file.</param>
/// <param name="WindowStart">The start of the window its notes were written in, in epoch milliseconds.</param>
/// <param name="Notes">Its notes, oldest first (a torn last line left out).</param>
/// <param name="Closed">True when no writer appends to it any more (its window ended a while ago).</param>
internal sealed record JournalSegment(string Path, long WindowStart, IReadOnlyList<JournalNote> Notes, bool Closed);
