using Microsoft.Extensions.Options;
using OpenWhisk.Controller.Entities;
using OpenWhisk.Controller.Hosting;
using OpenWhisk.Controller.LoadBalancing;
using OpenWhisk.Execution;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.LoadBalancing;
using OpenWhisk.Spi.Stores;
using OpenWhisk.Spi.Toolkit.Activations;

namespace OpenWhisk.Controller.Invocation;

/// <summary>
/// Notes the activations this controller answers with an id alone (202) in the activation store's journal before the
/// answer goes out, each with the fallback record that ends it if no record is stored by its deadline (OpenWhisk's
/// completion timeout: max(time limit, 60 s) × <see cref="LoadBalancerOptions.TimeoutFactor"/> +
/// <see cref="LoadBalancerOptions.TimeoutAddon"/>). A blocking call answered with its record needs no note. Does
/// nothing when the store keeps no journal or the journal is turned off. When the store is down, the invocation is
/// refused (503) if <see cref="JournalOptions.Required"/>, else it goes on unjournaled (a durable message log, such
/// as Kafka's, holds it then).
/// </summary>
public sealed partial class AcceptedActivations(
    IActivationStore store,
    IOptions<JournalOptions> journalOptions,
    IOptions<LoadBalancerOptions> balancerOptions,
    IOptions<ControllerOptions> controllerOptions,
    IOptions<LimitsOptions> limits,
    IOptions<ActivationRunnerOptions> activationOptions,
    TimeProvider timeProvider,
    ILogger<AcceptedActivations> logger)
{
    /// <summary>The fallback record's error.</summary>
    public const string PlatformStopped = "The activation did not complete: the platform stopped or lost its invoker before it ended.";

    /// <summary>The fallback record's response, made once: every note carries the same.</summary>
    private static readonly ActivationResponse Stopped = ActivationResponse.WhiskError(PlatformStopped);

    /// <summary>Gets the journal, or null when activations are not journaled.</summary>
    public IActivationJournal? Journal { get; } =
        journalOptions.Value.Enabled && activationOptions.Value.Store != ActivationStoreLevel.None ? store as IActivationJournal : null;

    /// <summary>Notes <paramref name="message"/>'s activation before it is published; a store failure refuses the invocation (503).</summary>
    public Task AcceptAsync(ActivationMessage message, WhiskAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(action);
        return Journal is null || message.User.Limits.StoreActivations == false
            ? Task.CompletedTask
            : NoteAsync(Journal, Accepted(FallbackActivationRecord.For(message, Stopped, timeProvider.GetUtcNow()), Deadline(action)), cancellationToken);
    }

    /// <summary>Notes a sequence's or composition's activation that this controller runs itself.</summary>
    public Task AcceptAsync(string activationId, Identity user, WhiskAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(action);
        if (Journal is null || user.Limits.StoreActivations == false)
        {
            return Task.CompletedTask;
        }

        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var fallback = new ActivationRecord
        {
            Namespace = user.Namespace.Name,
            Name = action.Name,
            Subject = user.Subject,
            ActivationId = activationId,
            Start = now,
            End = now,
            Duration = 0,
            Response = Stopped,
            Version = action.Version,
            Annotations = [KeyValue.Of("path", action.FullyQualifiedName), KeyValue.Of("kind", action.Exec.Kind)],
        };
        // Its components run one after another, each up to its own limit plus a minute.
        var components = action.Exec.IsSequence ? Math.Max(1, action.Exec.Components?.Count ?? 1) : limits.Value.SequenceMaxLength;
        var longest = TimeSpan.FromMilliseconds(limits.Value.TimeoutMs.Max) + TimeSpan.FromMinutes(1);
        return NoteAsync(Journal, Accepted(fallback, (longest * components) + balancerOptions.Value.TimeoutAddon), cancellationToken);
    }

    /// <summary>Forgets the note of an activation whose invocation was refused after all (its caller got no id); best effort.</summary>
    public async Task ForgetAsync(ActivationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (Journal is null)
        {
            return;
        }

        try
        {
            await Journal.ForgetAsync(message.User.Namespace.Name, message.ActivationId, CancellationToken.None);
        }
        catch (Exception exception)
        {
            // Left in the journal, it ends with a record at its deadline: harmless, only superfluous.
            LogNotForgotten(logger, message.ActivationId, exception.Message);
        }
    }

    /// <summary>
    /// Ends the note written for a blocking activation whose caller stopped waiting once its result arrives, if the
    /// store level leaves its record out (the invoker, which saw a blocking activation, does not end notes itself).
    /// </summary>
    public async Task ForgetIfLeftOutAsync(ActivationMessage message, Task<ActivationOutcome> result)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(result);
        if (Journal is null || activationOptions.Value.Store == ActivationStoreLevel.Always)
        {
            return;
        }

        try
        {
            // Without a record in the result, the invoker stores it whatever the level (the caller reads it from the store).
            if ((await result).Record is { } record && !activationOptions.Value.Stores(record.Response.StatusCode))
            {
                await ForgetAsync(message);
            }
        }
        catch (Exception exception)
        {
            LogNotForgotten(logger, message.ActivationId, exception.Message);
        }
    }

    /// <summary>
    /// Notes an activation whose blocking caller stopped waiting and gets its id alone; a store failure is logged,
    /// not thrown (the activation runs on and its record is stored as usual).
    /// </summary>
    public async Task AcceptAfterWaitAsync(Func<CancellationToken, Task> accept, string activationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accept);
        try
        {
            await accept(cancellationToken);
        }
        catch (Exception exception)
        {
            // The activation runs on and its record is stored as usual; only a crash before that would lose it.
            LogNotJournaled(logger, activationId, exception.Message);
        }
    }

    /// <summary>Journals <paramref name="accepted"/>; with the journal not required, a store outage lets the activation go on unjournaled.</summary>
    private async Task NoteAsync(IActivationJournal journal, AcceptedActivation accepted, CancellationToken cancellationToken)
    {
        if (journalOptions.Value.Required)
        {
            await journal.AcceptAsync(accepted, cancellationToken);
            return;
        }

        try
        {
            // Not required: a store that does not answer (retries, connect timeouts) must not hold the invocation.
            await journal.AcceptAsync(accepted, cancellationToken).WaitAsync(journalOptions.Value.OptionalAttemptTimeout, timeProvider, cancellationToken);
        }
        catch (Exception exception) when (exception is StoreUnavailableException or TimeoutException)
        {
            LogNotJournaled(logger, accepted.Fallback.ActivationId, exception.Message);
        }
    }

    /// <summary>OpenWhisk's completion timeout of <paramref name="action"/>: max(limit, 60 s) × factor + addon.</summary>
    private TimeSpan Deadline(WhiskAction action)
    {
        var options = balancerOptions.Value;
        var limit = action.Limits.Timeout > TimeSpan.FromSeconds(60) ? action.Limits.Timeout : TimeSpan.FromSeconds(60);
        return (limit * options.TimeoutFactor) + options.TimeoutAddon;
    }

    private AcceptedActivation Accepted(ActivationRecord fallback, TimeSpan deadline) =>
        new(fallback, DateTimeOffset.FromUnixTimeMilliseconds(fallback.Start) + deadline, controllerOptions.Value.InstanceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The journal entry of refused activation {ActivationId} could not be removed: {Reason}")]
    private static partial void LogNotForgotten(ILogger logger, string activationId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activation {ActivationId} answered 202 without a journal entry: {Reason}")]
    private static partial void LogNotJournaled(ILogger logger, string activationId, string reason);
}
