using System.Text.Json;
using OpenWhisk.Controller.Api;
using OpenWhisk.Controller.Entities;
using OpenWhisk.Spi.Activations;

namespace OpenWhisk.Controller.Invocation;

/// <summary>
/// Runs a sequence in the controller (OpenWhisk's SequenceActions): components resolved together up front, then
/// invoked one after the other, each blocking, each one's result the next one's input. A result with an
/// <c>error</c> field, a failed or late component, or more than the allowed number of primitive actions (nested
/// sequences counted through) ends the sequence early; its response is the last component's.
/// </summary>
internal sealed partial class SequenceRunner(ActivationDispatcher dispatcher, ActionResolver resolver, int maxLength, TimeProvider timeProvider, ILogger logger)
{
    public async Task<CompositeOutcome> RunAsync(CompositeRun run, int atomicSoFar, CancellationToken cancellationToken)
    {
        var atomic = atomicSoFar;
        var previous = ActivationResponse.Success(run.Request.Payload);
        try
        {
            var components = run.Action.Action.Exec.Components ?? [];
            var resolutions = components.Select(c => ResolveAsync(c, run.Request.User.Namespace.Name, cancellationToken)).ToList();
            foreach (var resolution in resolutions)
            {
                if (atomic >= maxLength)
                {
                    previous = ActivationResponse.ApplicationError(ApiMessages.SequenceIsTooLong);
                    break;
                }

                var (component, failure) = await resolution;
                if (failure is not null)
                {
                    LogComponentFailed(logger, run.ActivationId, "(resolution)", failure);
                    previous = ActivationResponse.WhiskError(ApiMessages.SequenceActivationFailure);
                    break;
                }

                if (component is null)
                {
                    previous = ActivationResponse.ApplicationError(ApiMessages.SequenceComponentNotFound);
                    break;
                }

                var step = await InvokeStepAsync(run, component, previous, atomic, cancellationToken);
                atomic = step.AtomicCount;
                if (step.Result.Record is not { } record)
                {
                    run.AddUnfinished(step.Result.ActivationId);
                    previous = ActivationResponse.WhiskError(ApiMessages.SequenceRetrieveActivationTimeout(step.Result.ActivationId));
                    break;
                }

                run.Add(record);
                previous = atomic > maxLength ? ActivationResponse.ApplicationError(ApiMessages.SequenceIsTooLong) : record.Response;
                if (atomic > maxLength || HasErrorField(record.Response.Result))
                {
                    break;
                }
            }
        }
        catch (Exception exception)
        {
            LogSequenceFailed(logger, run.ActivationId, exception);
            previous = ActivationResponse.WhiskError(ApiMessages.SequenceActivationFailure);
        }

        return CompositeOutcome.Finished(CompositeRecord.Build(run, previous, timeProvider.GetUtcNow()), atomic);
    }

    private static bool HasErrorField(JsonElement? result) =>
        result is { ValueKind: JsonValueKind.Object } value && value.TryGetProperty("error", out _);

    /// <summary>The next input: the previous result when it is an object or an array, else nothing.</summary>
    private static JsonElement? Input(ActivationResponse previous) =>
        previous.Result is { ValueKind: JsonValueKind.Object or JsonValueKind.Array } result ? result : null;

    private async Task<CompositeOutcome> InvokeStepAsync(CompositeRun run, ResolvedAction component, ActivationResponse previous, int atomic, CancellationToken cancellationToken)
    {
        var request = run.Request with { Payload = Input(previous), Cause = run.ActivationId, CausedBy = ActivationMessage.CausedBySequence, Blocking = true, Wait = null };
        try
        {
            return await dispatcher.InvokeComponentAsync(request, component, null, atomic, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogComponentFailed(logger, run.ActivationId, component.Action.FullyQualifiedName, exception);
            throw;
        }
    }

    /// <summary>Resolves a component; a name that holds no action is null, any other failure is returned (never thrown).</summary>
    private async Task<(ResolvedAction? Action, Exception? Failure)> ResolveAsync(string component, string ns, CancellationToken cancellationToken)
    {
        if (!QualifiedName.TryParse(component, out var name))
        {
            return (null, null);
        }

        try
        {
            return (await resolver.ResolveAsync(name.ResolveDefault(ns), cached: true, cancellationToken), null);
        }
        catch (ApiException)
        {
            return (null, null);
        }
        catch (Exception exception)
        {
            return (null, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Sequence activation {ActivationId} failed")]
    private static partial void LogSequenceFailed(ILogger logger, string activationId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sequence activation {ActivationId}: component {Component} failed")]
    private static partial void LogComponentFailed(ILogger logger, string activationId, string component, Exception exception);
}
