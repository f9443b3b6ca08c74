using System.Collections.Concurrent;
using OpenWhisk.Execution;
using OpenWhisk.Spi.Activations;

namespace OpenWhisk.Invoker.Tests.Support;

/// <summary>
/// A reporter whose store holds every record until the test opens the gate (and with <see cref="HoldsResults"/>, every
/// blocking result's delivery too); it records the order of events.
/// </summary>
internal sealed class GatedReporter : IActivationReporter
{
    private readonly TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<(string ActivationId, string What)> events = new();

    public IReadOnlyList<string> Events => events.Select(e => e.What).ToList();

    /// <summary>Gets a value indicating whether the delivery of blocking results waits for the gate too.</summary>
    public bool HoldsResults { get; init; }

    public void Open() => gate.TrySetResult();

    public async Task ReportResultAsync(ActivationMessage message, ActivationRecord record, CancellationToken cancellationToken)
    {
        if (HoldsResults)
        {
            await gate.Task;
        }

        await Add(message, "result");
    }

    public Task ReportCompletionAsync(ActivationMessage message, ActivationRecord record, CancellationToken cancellationToken) => Add(message, "completion");

    public Task ReportCombinedAsync(ActivationMessage message, ActivationRecord record, CancellationToken cancellationToken) => Add(message, "combined");

    public async Task StoreAsync(ActivationMessage message, ActivationRecord record, CancellationToken cancellationToken)
    {
        await gate.Task;
        events.Enqueue((message.ActivationId, "store"));
    }

    /// <summary>The events of one activation, in order.</summary>
    public IReadOnlyList<string> EventsOf(string activationId) => events.Where(e => e.ActivationId == activationId).Select(e => e.What).ToList();

    private Task Add(ActivationMessage message, string what)
    {
        events.Enqueue((message.ActivationId, what));
        return Task.CompletedTask;
    }
}
