using OpenWhisk.Execution;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Bench.PoolSimulator;

/// <summary>Collects each activation's wait time from its stored record; completes when all have been stored.</summary>
internal sealed class WaitTimeReporter(int expected) : IActivationReporter
{
    private readonly List<long> waits = new(expected);
    private readonly TaskCompletionSource allStored = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int failures;

    public IReadOnlyList<long> WaitTimesMs => waits;

    public int Failures => failures;

    public Task AllStored => allStored.Task;

    public Task ReportResultAsync(ActivationMessage message, ActivationRecord record, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ReportCompletionAsync(ActivationMessage message, ActivationRecord record, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ReportCombinedAsync(ActivationMessage message, ActivationRecord record, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoreAsync(ActivationMessage message, ActivationRecord record, CancellationToken cancellationToken)
    {
        waits.Add(record.Annotations.Find("waitTime")?.GetInt64() ?? 0);
        if (!record.Response.IsSuccess)
        {
            failures++;
        }

        if (waits.Count == expected)
        {
            allStored.TrySetResult();
        }

        return Task.CompletedTask;
    }
}
