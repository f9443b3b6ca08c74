using System.Collections.Concurrent;
using OpenWhisk.Execution;
using OpenWhisk.Spi.Activations;

namespace OpenWhisk.Invoker.Tests.Support;

/// <summary>A reporter whose store holds every record until the test opens the gate; it records the order of events.</summary>
internal sealed class GatedReporter : IActivationReporter
{
    private readonly TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string> events = new();

    public IReadOnlyList<string> Events => events.ToList();

    public void Open() => gate.TrySetResult();

    public Task ReportResultAsync(ActivationMessage message, ActivationRecord record, CancellationToken cancellationToken) => Add("result");

    public Task ReportCompletionAsync(ActivationMessage message, ActivationRecord record, CancellationToken cancellationToken) => Add("completion");

    public Task ReportCombinedAsync(ActivationMessage message, ActivationRecord record, CancellationToken cancellationToken) => Add("combined");

    public async Task StoreAsync(ActivationMessage message, ActivationRecord record, CancellationToken cancellationToken)
    {
        await gate.Task;
        events.Enqueue("store");
    }

    private Task Add(string what)
    {
        events.Enqueue(what);
        return Task.CompletedTask;
    }
}
