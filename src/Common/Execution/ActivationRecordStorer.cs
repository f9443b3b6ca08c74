using Microsoft.Extensions.Logging;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Stores;
using Polly;
using Polly.Retry;

namespace OpenWhisk.Common.Execution;

/// <summary>
/// Stores finished activations' records. While the store is unavailable it keeps trying, backing off to 5 s, for up
/// to the retry time, then logs the record as lost; a namespace that opted out of storing activations stores nothing.
/// </summary>
public sealed partial class ActivationRecordStorer
{
    private readonly IActivationStore store;
    private readonly ILogger logger;
    private readonly ResiliencePipeline retry;

    /// <summary>Creates a storer.</summary>
    /// <param name="store">The activation store.</param>
    /// <param name="retryTime">How long to keep trying while the store is unavailable.</param>
    /// <param name="timeProvider">The clock of the back-off.</param>
    /// <param name="logger">Where lost records are logged.</param>
    public ActivationRecordStorer(IActivationStore store, TimeSpan retryTime, TimeProvider timeProvider, ILogger logger)
    {
        this.store = store;
        this.logger = logger;
        // The timeout is outermost: it bounds all attempts together, not each one.
        retry = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddTimeout(retryTime)
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<StoreUnavailableException>(),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(100),
                MaxDelay = TimeSpan.FromSeconds(5),
                UseJitter = true,
            })
            .Build();
    }

    /// <summary>Stores <paramref name="record"/>; never throws.</summary>
    /// <param name="message">The activation message (its user's limits say whether to store).</param>
    /// <param name="record">The record.</param>
    /// <returns>A task that completes when the record is stored or given up.</returns>
    public Task StoreAsync(ActivationMessage message, ActivationRecord record)
    {
        ArgumentNullException.ThrowIfNull(message);
        return StoreAsync(message.User, record);
    }

    /// <summary>Stores <paramref name="record"/> of an activation <paramref name="user"/> started; never throws.</summary>
    /// <param name="user">The caller (its namespace's limits say whether to store).</param>
    /// <param name="record">The record.</param>
    /// <returns>A task that completes when the record is stored or given up.</returns>
    public async Task StoreAsync(Identity user, ActivationRecord record)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(record);
        if (user.Limits.StoreActivations == false)
        {
            return;
        }

        try
        {
            // The first attempt goes straight to the store: the retry pipeline (timers, state) only for failures.
            await store.StoreAsync(record, CancellationToken.None);
            return;
        }
        catch (StoreUnavailableException)
        {
            // Retried below.
        }
        catch (Exception exception)
        {
            LogStoreFailed(logger, record.ActivationId, exception);
            return;
        }

        try
        {
            await retry.ExecuteAsync(async token => await store.StoreAsync(record, token), CancellationToken.None);
        }
        catch (Exception exception)
        {
            LogStoreFailed(logger, record.ActivationId, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Activation {ActivationId} could not be stored")]
    private static partial void LogStoreFailed(ILogger logger, string activationId, Exception exception);
}
