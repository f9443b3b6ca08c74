using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenWhisk.Common.Telemetry;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Execution;

/// <summary>
/// Stores finished activations' records, one per host. The record goes straight to the store; when the store is
/// unavailable or slower than <see cref="ActivationRunnerOptions.StoreAttemptTimeout"/>, it goes to the
/// <see cref="ActivationRecordSpool"/> on local disk instead and is stored once the store is back, so that callers
/// (and the completion acknowledgement) never wait for an outage and no record is lost. A namespace that opted out of
/// storing activations stores nothing.
/// </summary>
public sealed partial class ActivationRecordStorer : IAsyncDisposable
{
    private readonly IActivationStore store;
    private readonly TimeSpan attemptTimeout;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly ActivationMetrics? metrics;
    private readonly ActivationRunnerOptions options;
    private readonly StoreMetrics? storeMetrics;

    /// <summary>Initializes a new instance of the <see cref="ActivationRecordStorer"/> class.</summary>
    /// <param name="store">The activation store.</param>
    /// <param name="options">The spool folder and the time one store attempt may take.</param>
    /// <param name="timeProvider">The clock of the attempts.</param>
    /// <param name="logger">Where spooling and lost records are logged.</param>
    /// <param name="metrics">The per-action metrics every record handed here counts in, stored or not.</param>
    /// <param name="storeMetrics">Times the store's writes and observes the spool.</param>
    public ActivationRecordStorer(
        IActivationStore store,
        IOptions<ActivationRunnerOptions> options,
        TimeProvider timeProvider,
        ILogger<ActivationRecordStorer> logger,
        ActivationMetrics? metrics = null,
        StoreMetrics? storeMetrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.store = store;
        this.timeProvider = timeProvider;
        this.logger = logger;
        this.metrics = metrics;
        this.options = options.Value;
        attemptTimeout = options.Value.StoreAttemptTimeout;
        Spool = new ActivationRecordSpool(store, options.Value.SpoolDirectory, timeProvider, logger);
        this.storeMetrics = storeMetrics;
        storeMetrics?.ObserveSpool(() => Spool.Pending);
    }

    /// <summary>Gets the records waiting on disk for the store.</summary>
    public ActivationRecordSpool Spool { get; }

    /// <summary>Stores <paramref name="record"/>, or spools it; never throws.</summary>
    /// <param name="message">The activation message (its user's limits say whether to store; a non-blocking one was journaled).</param>
    /// <param name="record">The record.</param>
    /// <param name="always">Store it whatever the store level (a blocking caller reads it from the store).</param>
    /// <returns>A task that completes when the record is stored or safe in the spool.</returns>
    public Task StoreAsync(ActivationMessage message, ActivationRecord record, bool always = false)
    {
        ArgumentNullException.ThrowIfNull(message);
        return StoreAsync(message.User, record, journaled: !message.Blocking, always);
    }

    /// <summary>Stores <paramref name="record"/> of an activation <paramref name="user"/> started, or spools it; never throws.</summary>
    /// <param name="user">The caller (its namespace's limits say whether to store).</param>
    /// <param name="record">The record.</param>
    /// <param name="journaled">Whether the activation may have a note in the journal (answered with its id alone).</param>
    /// <param name="always">Store it whatever the store level.</param>
    /// <returns>A task that completes when the record is stored or safe in the spool.</returns>
    public async Task StoreAsync(Identity user, ActivationRecord record, bool journaled = true, bool always = false)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(record);
        metrics?.Record(record);
        using var span = ActivationTracing.StartStep("openwhisk.store", record.ActivationId);
        if (user.Limits.StoreActivations == false)
        {
            return;
        }

        if (!always && !options.Stores(record.Response.StatusCode))
        {
            if (journaled)
            {
                await ForgetNoteAsync(record);
            }

            return;
        }

        var refusal = await TryStoreAsync(record);
        if (refusal is null)
        {
            return;
        }

        if (refusal is not TransientFailure)
        {
            // The store refuses this record (not an outage): a substitute that says why keeps the activation.
            LogStoreRefused(logger, record.ActivationId, refusal);
            record = ActivationRecordSubstitute.For(record, refusal);
            var again = await TryStoreAsync(record);
            if (again is null)
            {
                return;
            }

            if (again is not TransientFailure)
            {
                LogSpoolFailed(logger, record.ActivationId, again);
                return;
            }
        }

        try
        {
            await Spool.AddAsync(record);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            LogSpoolFailed(logger, record.ActivationId, exception);
        }
        catch (Exception exception)
        {
            // Not even writable as JSON as it is (a result nested deeper than the serializer goes): its substitute.
            try
            {
                await Spool.AddAsync(ActivationRecordSubstitute.For(record, exception));
            }
            catch (Exception again)
            {
                LogSpoolFailed(logger, record.ActivationId, again);
            }
        }
    }

    public ValueTask DisposeAsync() => Spool.DisposeAsync();

    /// <summary>
    /// A record the store level leaves out still ends the activation's note in the journal, if it has one (a
    /// non-blocking invocation's), or the overdue sweep would store a fallback record for it. Best effort: a note
    /// that stays ends with that fallback, which is only superfluous.
    /// </summary>
    private async Task ForgetNoteAsync(ActivationRecord record)
    {
        if (options.Store == ActivationStoreLevel.None || store is not IActivationJournal journal)
        {
            return;
        }

        try
        {
            await journal.ForgetAsync(record.Namespace, record.ActivationId, CancellationToken.None).WaitAsync(attemptTimeout, timeProvider);
        }
        catch (Exception exception)
        {
            LogNoteNotForgotten(logger, record.ActivationId, exception.Message);
        }
    }

    /// <summary>One attempt, bounded by the attempt timeout: null when stored, a <see cref="TransientFailure"/> for an outage or a slow store (spool it), else the store's refusal.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Exception?> TryStoreAsync(ActivationRecord record)
    {
        var start = timeProvider.GetTimestamp();
        Exception? failure;
        try
        {
            await store.StoreAsync(record, CancellationToken.None).WaitAsync(attemptTimeout, timeProvider);
            failure = null;
        }
        catch (Exception exception) when (exception is StoreUnavailableException or TimeoutException or OperationCanceledException)
        {
            // An attempt that is only slow may still finish; storing again from the spool is harmless.
            failure = new TransientFailure(exception);
        }
        catch (Exception exception)
        {
            failure = exception;
        }

        storeMetrics?.Record("activations", "store", failure switch { null => "ok", TransientFailure => "unavailable", _ => "error" }, timeProvider.GetElapsedTime(start));
        return failure;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The activation store refused the record of {ActivationId}; a substitute without its result and logs is stored")]
    private static partial void LogStoreRefused(ILogger logger, string activationId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The journal note of activation {ActivationId}, whose record the store level leaves out, could not be ended: {Reason}")]
    private static partial void LogNoteNotForgotten(ILogger logger, string activationId, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The record of activation {ActivationId} could neither be stored nor spooled to disk; it is lost")]
    private static partial void LogSpoolFailed(ILogger logger, string activationId, Exception exception);
}
