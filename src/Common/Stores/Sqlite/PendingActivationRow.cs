namespace OpenWhisk.Common.Stores.Sqlite;

/// <summary>An activation record waiting in the writer's queue, with the task its caller awaits.</summary>
/// <param name="Namespace">The namespace column.</param>
/// <param name="ActivationId">The activation id column.</param>
/// <param name="Path">The path column (namespace-relative entity path).</param>
/// <param name="Start">The start column (epoch milliseconds).</param>
/// <param name="Body">The record as JSON.</param>
internal sealed record PendingActivationRow(string Namespace, string ActivationId, string Path, long Start, string Body)
{
    /// <summary>Gets the task that completes once the row is committed.</summary>
    public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
