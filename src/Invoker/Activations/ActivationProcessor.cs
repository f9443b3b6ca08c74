using System.Text.Json;
using OpenWhisk.Common.Hosting;
using OpenWhisk.Spi.Toolkit.Messaging;
using OpenWhisk.Common.Runtimes;
using OpenWhisk.Execution;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Messaging;
using OpenWhisk.Spi.Stores;
using OpenWhisk.Spi.Toolkit.Activations;

namespace OpenWhisk.Invoker.Activations;

/// <summary>
/// Turns activation messages into pool jobs (OpenWhisk's processActivationMessage): parses a message from the bus
/// (or takes one handed over in process), takes the action from it or fetches it from the artifact store (or from
/// the cache of fetched actions, by revision), and reports a fallback record when the action cannot be run.
/// </summary>
internal sealed partial class ActivationProcessor(
    Action<ActivationJob> run,
    Action credit,
    IArtifactStore artifacts,
    RuntimesManifest manifest,
    IActivationReporter reporter,
    TimeProvider timeProvider,
    ILogger logger,
    LogFormat? logFormat = null,
    ActionDocumentCache? actions = null)
{
    public async Task HandleAsync(ConsumedMessage consumed, CancellationToken cancellationToken)
    {
        ActivationMessage message;
        try
        {
            message = MessageSerializer.Deserialize<ActivationMessage>(consumed.Value);
        }
        catch (JsonException exception)
        {
            LogUnreadable(logger, consumed.Offset, exception);
            credit();
            return;
        }

        await HandleAsync(message, holdsFeedCredit: true, cancellationToken);
    }

    public async Task HandleAsync(ActivationMessage message, bool holdsFeedCredit, CancellationToken cancellationToken)
    {
        using var scope = logFormat?.BeginTransaction(logger, message.TransactionId.Id, message.ActivationId);
        var (action, failure) = message.ActionDocument is { } embedded ? (embedded, null) : await FetchAsync(message, cancellationToken);
        if (action is not null && !action.Exec.IsBlackbox && manifest.Resolve(action.Exec.Kind) is null)
        {
            (action, failure) = (null, ActivationResponse.WhiskError(ActivationMessages.ActionVersionIncompatible));
        }

        if (action is null)
        {
            var record = FallbackActivationRecord.For(message, failure!, timeProvider.GetUtcNow());
            await reporter.StoreAndCompleteAsync(message, record, cancellationToken);
            if (holdsFeedCredit)
            {
                credit();
            }

            return;
        }

        run(new ActivationJob(action, message) { HoldsFeedCredit = holdsFeedCredit });
    }

    private async Task<(WhiskAction? Action, ActivationResponse? Failure)> FetchAsync(ActivationMessage message, CancellationToken cancellationToken)
    {
        var name = message.Action.FullyQualifiedName;
        if (actions?.Find(name, message.Revision) is { } cached)
        {
            return (cached, null);
        }

        try
        {
            var document = await artifacts.GetAsync(name, cancellationToken);
            if (document is null || document.EntityType != EntityTypes.Action)
            {
                return (null, ActivationResponse.ApplicationError(ActivationMessages.ActionNotFound));
            }

            var action = document.Body.Deserialize<WhiskAction>(OpenWhiskJson.Options);
            if (action is not null)
            {
                actions?.Add(name, document.Revision, action);
            }

            return (action, null);
        }
        catch (JsonException)
        {
            return (null, ActivationResponse.WhiskError(ActivationMessages.ActionVersionIncompatible));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFetchFailed(logger, message.Action.FullyQualifiedName, exception);
            return (null, ActivationResponse.WhiskError(ActivationMessages.ActionFetchFailed));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Activation message at offset {Offset} is not readable; dropped")]
    private static partial void LogUnreadable(ILogger logger, long offset, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Action {Action} could not be fetched")]
    private static partial void LogFetchFailed(ILogger logger, string action, Exception exception);
}
