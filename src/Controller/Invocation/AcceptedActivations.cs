using Microsoft.Extensions.Options;
using OpenWhisk.Common.Execution;
using OpenWhisk.Controller.Hosting;
using OpenWhisk.Controller.LoadBalancing;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Stores;

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
    TimeProvider timeProvider,
    ILogger<AcceptedActivations> logger)
{
    /// <summary>The fallback record's error.</summary>
    public const string PlatformStopped = "The activation did not complete: the platform stopped or lost its invoker before it ended.";

    /// <summary>Gets the journal, or null when activations are not journaled.</summary>
    public IActivationJournal? Journal { get; } = journalOptions.Value.Enabled ? store as IActivationJournal : null;

    /// <summary>Notes <paramref name="message"/>'s activation before it is published; a store failure refuses the invocation (503).</summary>
    public Task AcceptAsync(ActivationMessage message, WhiskAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(action);
        return Journal is null
            ? Task.CompletedTask
            : NoteAsync(Journal, Accepted(ActivationRecordFactory.Fallback(message, ActivationResponse.WhiskError(PlatformStopped), timeProvider.GetUtcNow()), action), cancellationToken);
    }

    /// <summary>Notes a sequence's or composition's activation that this controller runs itself.</summary>
    public Task AcceptAsync(string activationId, Identity user, WhiskAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(action);
        if (Journal is null)
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
            Response = ActivationResponse.WhiskError(PlatformStopped),
            Version = action.Version,
            Annotations = [KeyValue.Of("path", action.FullyQualifiedName), KeyValue.Of("kind", action.Exec.Kind)],
        };
        return NoteAsync(Journal, Accepted(fallback, action), cancellationToken);
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
        catch (Exception exception) when (exception is StoreUnavailableException or OperationCanceledException or DocumentRefusedException)
        {
            LogNotJournaled(logger, activationId, exception.Message);
        }
    }

    /// <summary>Journals <paramref name="accepted"/>; with the journal not required, a store outage lets the activation go on unjournaled.</summary>
    private async Task NoteAsync(IActivationJournal journal, AcceptedActivation accepted, CancellationToken cancellationToken)
    {
        try
        {
            await journal.AcceptAsync(accepted, cancellationToken);
        }
        catch (StoreUnavailableException exception) when (!journalOptions.Value.Required)
        {
            LogNotJournaled(logger, accepted.Fallback.ActivationId, exception.Message);
        }
    }

    private AcceptedActivation Accepted(ActivationRecord fallback, WhiskAction action)
    {
        var options = balancerOptions.Value;
        var limit = action.Limits.Timeout > TimeSpan.FromSeconds(60) ? action.Limits.Timeout : TimeSpan.FromSeconds(60);
        var deadline = DateTimeOffset.FromUnixTimeMilliseconds(fallback.Start) + (limit * options.TimeoutFactor) + options.TimeoutAddon;
        return new AcceptedActivation(fallback, deadline, controllerOptions.Value.InstanceId);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activation {ActivationId} answered 202 without a journal entry: {Reason}")]
    private static partial void LogNotJournaled(ILogger logger, string activationId, string reason);
}
