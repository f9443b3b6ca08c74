using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenWhisk.Common.Runtimes;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Logs;

namespace OpenWhisk.Execution;

/// <summary>
/// The host's <see cref="IContainerActivationRunner"/>: the invoker's <see cref="ActivationRunner"/> (records, logs,
/// store-before-completion) with acknowledgements delivered in-process to the caller's callback.
/// </summary>
public sealed class ContainerActivationRunner(
    ILogStore logStore,
    ActivationRecordStorer storer,
    RuntimesManifest manifest,
    IOptions<ActivationRunnerOptions> options,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory) : IContainerActivationRunner
{
    private readonly ILogger<ActivationRunner> runnerLogger = loggerFactory.CreateLogger<ActivationRunner>();

    public ContainerRequest ContainerRequestFor(WhiskAction action, string owner, string name, TransactionId? transactionId)
    {
        ArgumentNullException.ThrowIfNull(action);
        return new ContainerRequest
        {
            Name = name,
            Owner = owner,
            Kind = action.Exec.Kind,
            ActionName = action.FullyQualifiedName,
            Image = manifest.ImageFor(action.Exec) ?? action.Exec.Kind,
            UserProvidedImage = action.Exec.IsBlackbox,
            MemoryMb = action.Limits.MemoryMb,
            Logging = logStore.ContainerLogging,
            LogsCollected = logStore.CollectsLogs,
            TransactionId = transactionId,
        };
    }

    public ContainerRequest? StemCellRequestFor(string kind, int memoryMb, string owner, string name)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return manifest.Resolve(kind) is { } runtime
            ? new ContainerRequest
            {
                Name = name,
                Owner = owner,
                Kind = runtime.Kind,
                Image = runtime.Image,
                MemoryMb = memoryMb,
                Logging = logStore.ContainerLogging,
                LogsCollected = logStore.CollectsLogs,
            }
            : null;
    }

    public async Task<ContainerRunResult> RunAsync(ContainerRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var container = run.Container ?? throw new ArgumentException("A run needs a container.", nameof(run));
        var result = await RunnerFor(run).RunAsync(
            new ActivationJob(run.Action, run.Message), container, run.Initialize, run.ReusedWarm, run.OnInitialized, onResponded: null, run.OnLogsFailed, cancellationToken);
        return new ContainerRunResult(result.Verdict, result.Record, result.InitFailure);
    }

    public async Task<ActivationRecord> AbortAsync(ContainerRun run, ActivationResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var record = ActivationRecordFactory.Aborted(new ActivationJob(run.Action, run.Message), response, timeProvider.GetUtcNow());
        await new CallbackActivationReporter(run.Acknowledge, storer).StoreAndCompleteAsync(run.Message, record, cancellationToken);
        return record;
    }

    private ActivationRunner RunnerFor(ContainerRun run) =>
        new(logStore, new CallbackActivationReporter(run.Acknowledge, storer), options.Value, timeProvider, runnerLogger);
}
