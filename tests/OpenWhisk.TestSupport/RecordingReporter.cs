using System.Collections.Concurrent;
using OpenWhisk.Execution;
using OpenWhisk.Spi.Activations;

namespace OpenWhisk.TestSupport;

/// <summary>Records acknowledgements and stored records, and lets a test await the record of an activation.</summary>
public sealed class RecordingReporter : IActivationReporter
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<ActivationRecord>> stored = new();
    private readonly ConcurrentQueue<(string ActivationId, string What)> events = new();

    public IReadOnlyList<(string ActivationId, string What)> Events => events.ToList();

    public IReadOnlyList<string> EventsOf(string activationId) =>
        events.Where(e => e.ActivationId == activationId).Select(e => e.What).ToList();

    /// <summary>Gets or sets what runs synchronously, on the runner's thread, when a record is stored.</summary>
    public Action<ActivationRecord>? OnStored { get; set; }

    public Task<ActivationRecord> RecordOf(string activationId) => Completion(activationId).Task;

    public Task ReportResultAsync(ActivationMessage message, ActivationRecord record, CancellationToken cancellationToken) => Add(record, "result");

    public Task ReportCompletionAsync(ActivationMessage message, ActivationRecord record, CancellationToken cancellationToken) => Add(record, "completion");

    public Task ReportCombinedAsync(ActivationMessage message, ActivationRecord record, CancellationToken cancellationToken) => Add(record, "combined");

    public Task StoreAsync(ActivationMessage message, ActivationRecord record, CancellationToken cancellationToken)
    {
        events.Enqueue((record.ActivationId, "store"));
        OnStored?.Invoke(record);
        Completion(record.ActivationId).TrySetResult(record);
        return Task.CompletedTask;
    }

    private Task Add(ActivationRecord record, string what)
    {
        events.Enqueue((record.ActivationId, what));
        return Task.CompletedTask;
    }

    private TaskCompletionSource<ActivationRecord> Completion(string activationId) =>
        stored.GetOrAdd(activationId, _ => new TaskCompletionSource<ActivationRecord>(TaskCreationOptions.RunContinuationsAsynchronously));
}
