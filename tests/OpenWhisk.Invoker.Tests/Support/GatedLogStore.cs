using System.Collections.Concurrent;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Logs;

namespace OpenWhisk.Invoker.Tests.Support;

/// <summary>A log store whose collections wait until the test opens the gate, then collect through <paramref name="inner"/>.</summary>
internal sealed class GatedLogStore(ILogStore inner) : ILogStore
{
    private readonly TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string> collected = new();

    public bool CollectsLogs => true;

    /// <summary>Gets the activation ids whose logs were collected, in the order they were.</summary>
    public IReadOnlyList<string> Collected => collected.ToList();

    public void Open() => gate.TrySetResult();

    public async Task<LogCollectionResult> CollectAsync(LogCollectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await gate.Task;
        var result = await inner.CollectAsync(context, cancellationToken);
        collected.Enqueue(context.Activation.ActivationId);
        return result;
    }

    public Task<IReadOnlyList<string>> FetchAsync(ActivationRecord activation, CancellationToken cancellationToken) =>
        inner.FetchAsync(activation, cancellationToken);
}
