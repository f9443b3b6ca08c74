using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.LoadBalancing;
using OpenWhisk.Spi.Stores;
using OpenWhisk.Spi.Toolkit.Activations;

namespace OpenWhisk.Spi.Toolkit.LoadBalancing;

/// <summary>
/// A balancer's bookkeeping of activations in flight (OpenWhisk's CommonLoadBalancer): one entry from publication
/// until the completion acknowledgement, per-namespace counts for the concurrency throttle, the result promise of
/// blocking callers, and a completion timeout that forces the activation to end with a stored whisk error record
/// when no acknowledgement comes (an invoker died). Late acknowledgements are ignored. The host gives balancers one
/// through <see cref="IActivationTrackerFactory"/>; tests of a balancer create one with <see cref="ActivationTrackerFactory"/>.
/// </summary>
/// <param name="store">Where forced records go; <see langword="null"/> when they are not stored (<c>Activations:Store=none</c>).</param>
/// <param name="completionTimeout">When an activation without a completion is forced to end.</param>
/// <param name="timeProvider">The clock of the timeouts.</param>
/// <param name="logger">Where forced completions are logged.</param>
/// <param name="continueOnAcknowledgingThread">
/// Whether those who await an activation's result or end continue on the thread that acknowledges it (see
/// <see cref="IActivationTrackerFactory.Create(string, bool)"/>), or on the thread pool.
/// </param>
public sealed partial class ActivationTracker(
    IActivationStore? store, CompletionTimeout completionTimeout, TimeProvider timeProvider, ILogger logger, bool continueOnAcknowledgingThread = false)
    : IActivationTracker
{
    /// <summary>The error of an activation forced to end because no completion came in time.</summary>
    public const string NoCompletionMessage = "The activation did not complete within its completion timeout; its invoker may have failed.";

    private const int ForcedStoreAttempts = 3;
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> perNamespace = new(StringComparer.Ordinal);
    private int total;

    /// <inheritdoc />
    public int Total => Volatile.Read(ref total);

    /// <inheritdoc />
    public int ActiveFor(string namespaceUuid) => perNamespace.TryGetValue(namespaceUuid, out var count) ? count : 0;

    /// <inheritdoc />
    public int ActiveOn(string target) => entries.Values.Count(e => e.Invoker == target);

    /// <inheritdoc />
    public IReadOnlyList<ActiveActivation> Snapshot() =>
        [.. entries.Values.Select(e => new ActiveActivation(e.Message.ActivationId, e.Message.Action.FullyQualifiedName, e.Invoker))];

    /// <inheritdoc />
    public ActivationPublication Track(WhiskAction action, ActivationMessage message, string target, Action<ActivationMessage, ActivationEnd>? completed = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(message);
        var entry = new Entry(message, target, completed, continueOnAcknowledgingThread ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously);
        entries[message.ActivationId] = entry;
        perNamespace.AddOrUpdate(message.User.Namespace.Uuid, 1, (_, count) => count + 1);
        Interlocked.Increment(ref total);
        var timeout = completionTimeout.For(action.Limits.Timeout);
        entry.Timer = timeProvider.CreateTimer(_ => _ = ForceAsync(message.ActivationId, ActivationEnd.Timeout), null, timeout, Timeout.InfiniteTimeSpan);
        return new ActivationPublication(message.ActivationId, entry.Outcome.Task, entry.Finished.Task);
    }

    /// <inheritdoc />
    public bool Process(Acknowledgement acknowledgement)
    {
        ArgumentNullException.ThrowIfNull(acknowledgement);
        var ack = acknowledgement;
        if (!entries.TryGetValue(ack.ActivationId, out var entry))
        {
            LogLateAcknowledgement(logger, ack.ActivationId, ack.Kind.ToString());
            return false;
        }

        if (ack.CarriesResult)
        {
            entry.Outcome.TrySetResult(new ActivationOutcome(ack.ActivationId, ack.Activation));
        }

        if (ack.FreesSlot && Remove(ack.ActivationId) is { } removed)
        {
            removed.Outcome.TrySetResult(new ActivationOutcome(ack.ActivationId, ack.Activation));
            removed.Finished.TrySetResult();
            removed.Completed?.Invoke(removed.Message, ack.IsSystemError ? ActivationEnd.SystemError : ActivationEnd.Success);
        }

        return true;
    }

    /// <inheritdoc />
    public void Cancel(string activationId)
    {
        if (Remove(activationId) is { } removed)
        {
            removed.Outcome.TrySetCanceled();
            removed.Finished.TrySetResult();
        }
    }

    /// <inheritdoc />
    public async Task ForceAllOnAsync(string target)
    {
        foreach (var (id, _) in entries.Where(e => e.Value.Invoker == target).ToList())
        {
            await ForceAsync(id, ActivationEnd.Abandoned);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var entry in entries.Values)
        {
            entry.Timer?.Dispose();
        }
    }

    private async Task ForceAsync(string activationId, ActivationEnd end)
    {
        if (Remove(activationId) is not { } entry)
        {
            return;
        }

        LogForced(logger, activationId, entry.Invoker);
        var record = FallbackActivationRecord.For(entry.Message, ActivationResponse.WhiskError(NoCompletionMessage), timeProvider.GetUtcNow());
        try
        {
            if (store is not null)
            {
                record = await StoreUnlessStoredAsync(store, record);
            }
        }
        catch (Exception exception)
        {
            // A journaled activation is still ended by the sweep of overdue activations.
            LogForcedRecordFailed(logger, activationId, exception);
        }
        finally
        {
            // Whatever the store did, the caller gets its answer and the slot is freed.
            entry.Outcome.TrySetResult(new ActivationOutcome(activationId, record));
            entry.Finished.TrySetResult();
            entry.Completed?.Invoke(entry.Message, end);
        }
    }

    /// <summary>
    /// Stores <paramref name="fallback"/> unless the activation has a record (the invoker may have stored it and lost only
    /// its acknowledgement), a few times over a store outage; returns the record the activation ends with. A store with
    /// a journal does it in one step, so a record stored in between is never replaced.
    /// </summary>
    private async Task<ActivationRecord> StoreUnlessStoredAsync(IActivationStore store, ActivationRecord fallback)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (store is IActivationJournal journal)
                {
                    await journal.EndOverdueAsync(new AcceptedActivation(fallback, timeProvider.GetUtcNow(), string.Empty), CancellationToken.None);
                    return await store.GetAsync(fallback.Namespace, fallback.ActivationId, CancellationToken.None) ?? fallback;
                }

                if (await store.GetAsync(fallback.Namespace, fallback.ActivationId, CancellationToken.None) is { } stored)
                {
                    return stored;
                }

                await store.StoreAsync(fallback, CancellationToken.None);
                return fallback;
            }
            catch (StoreUnavailableException) when (attempt < ForcedStoreAttempts)
            {
                await Task.Delay(TimeSpan.FromSeconds(attempt), timeProvider);
            }
        }
    }

    private Entry? Remove(string activationId)
    {
        if (!entries.TryRemove(activationId, out var entry))
        {
            return null;
        }

        entry.Timer?.Dispose();
        perNamespace.AddOrUpdate(entry.Message.User.Namespace.Uuid, 0, (_, count) => Math.Max(0, count - 1));
        Interlocked.Decrement(ref total);
        return entry;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignoring a late {Kind} acknowledgement of {ActivationId}")]
    private static partial void LogLateAcknowledgement(ILogger logger, string activationId, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activation {ActivationId} on {Invoker} got no completion in time; forcing it to end with a whisk error")]
    private static partial void LogForced(ILogger logger, string activationId, string invoker);

    [LoggerMessage(Level = LogLevel.Error, Message = "The record of forced activation {ActivationId} could not be stored")]
    private static partial void LogForcedRecordFailed(ILogger logger, string activationId, Exception exception);

    private sealed class Entry(ActivationMessage message, string invoker, Action<ActivationMessage, ActivationEnd>? completed, TaskCreationOptions promises)
    {
        public ActivationMessage Message { get; } = message;

        public string Invoker { get; } = invoker;

        public Action<ActivationMessage, ActivationEnd>? Completed { get; } = completed;

        public TaskCompletionSource<ActivationOutcome> Outcome { get; } = new(promises);

        public TaskCompletionSource Finished { get; } = new(promises);

        public ITimer? Timer { get; set; }
    }
}
