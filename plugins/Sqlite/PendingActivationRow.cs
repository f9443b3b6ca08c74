namespace OpenWhisk.Plugins.Sqlite;

/// <summary>A row waiting in the activation writer's queue, with the task its caller awaits.</summary>
/// <param name="Kind">What to do with it.</param>
/// <param name="Namespace">The namespace column.</param>
/// <param name="ActivationId">The activation id column.</param>
/// <param name="Path">The path column (namespace-relative entity path).</param>
/// <param name="Start">The start column (epoch milliseconds); when it was forgotten, for a forgotten activation.</param>
/// <param name="Body">The record (or the fallback record) as JSON text in UTF-8; empty for a forgotten activation.</param>
internal sealed record PendingActivationRow(PendingRowKind Kind, string Namespace, string ActivationId, string Path, long Start, byte[] Body)
{
    /// <summary>
    /// Gets the task that completes once the row is committed. Its awaiter continues on the writer's thread until it
    /// awaits again (it sends the activation's completion), instead of waking another thread for each row.
    /// </summary>
    public TaskCompletionSource Written => written ??= new();

    // Made when first asked for, before the row is queued: a row appended to the record log needs none.
    private TaskCompletionSource? written;
}
