using System.Text.Json;
using System.Text.Json.Nodes;
using OpenWhisk.Controller.Api;
using OpenWhisk.Controller.Entities;
using OpenWhisk.Controller.Entitlement;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Activations;

namespace OpenWhisk.Controller.Invocation;

/// <summary>
/// Runs a composition (OpenWhisk's conductor actions): the conductor action runs with the input (plus the state it
/// kept); a result naming an <c>action</c> has that component invoked with the result's <c>params</c>, and the
/// conductor runs again on the component's result; a result without <c>action</c> ends the composition with its
/// <c>params</c> (or itself). Components are checked for the right to invoke them, but not throttled.
/// </summary>
internal sealed partial class CompositionRunner(
    ActivationDispatcher dispatcher,
    ActionResolver resolver,
    EntitlementChecker entitlement,
    int maxLength,
    TimeProvider timeProvider,
    ILogger logger)
{
    public async Task<CompositeOutcome> RunAsync(CompositeRun run, CompositionAccounting accounting, CancellationToken cancellationToken)
    {
        ActivationResponse response;
        try
        {
            response = await ConductAsync(run, accounting, cancellationToken);
        }
        catch (Exception exception)
        {
            LogCompositionFailed(logger, run.ActivationId, exception);
            response = ActivationResponse.WhiskError(ApiMessages.CompositionActivationFailure);
        }

        return CompositeOutcome.Finished(CompositeRecord.Build(run, response, timeProvider.GetUtcNow()), 0);
    }

    private static JsonElement ErrorPayload(string message) =>
        JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["error"] = message }, OpenWhiskJson.Options);

    /// <summary>A field of the conductor's result as an object; any other value is boxed as <c>{box: value}</c>.</summary>
    private static JsonElement? ObjectField(JsonElement result, string field, string box)
    {
        if (!result.TryGetProperty(field, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Object
            ? value
            : JsonSerializer.SerializeToElement(new Dictionary<string, JsonElement> { [box] = value }, OpenWhiskJson.Options);
    }

    /// <summary>The conductor's input: the payload object with the kept state's fields over it; nothing for other payloads.</summary>
    private static JsonElement? WithState(JsonElement? payload, JsonElement? state)
    {
        if (payload is not { ValueKind: JsonValueKind.Object } given)
        {
            return null;
        }

        if (state is not { } kept)
        {
            return given;
        }

        var merged = JsonObject.Create(given)!.DeepClone().AsObject();
        foreach (var property in kept.EnumerateObject())
        {
            merged[property.Name] = JsonNode.Parse(property.Value.GetRawText());
        }

        return JsonSerializer.SerializeToElement(merged, OpenWhiskJson.Options);
    }

    private static JsonElement ResultObject(ActivationRecord record) =>
        record.Response.Result is { ValueKind: JsonValueKind.Object } result ? result : JsonDocument.Parse("{}").RootElement;

    private async Task<ActivationResponse> ConductAsync(CompositeRun run, CompositionAccounting accounting, CancellationToken cancellationToken)
    {
        var payload = run.Request.Payload;
        JsonElement? state = null;
        var conductorRequest = run.Request with { Cause = run.ActivationId, CausedBy = ActivationMessage.CausedBySequence, Blocking = true, Wait = null };
        while (true)
        {
            if (accounting.Conductors > 2 * maxLength)
            {
                return ActivationResponse.ApplicationError(ApiMessages.CompositionIsTooLong);
            }

            accounting.CountConductor();
            var conductor = await dispatcher.InvokePrimitiveComponentAsync(conductorRequest with { Payload = WithState(payload, state) }, run.Action, cancellationToken);
            if (Finish(run, conductor) is { } failure)
            {
                return failure;
            }

            var record = conductor.Record!;
            var result = ResultObject(record);
            var parameters = ObjectField(result, "params", "value");
            state = ObjectField(result, "state", "state");
            if (!result.TryGetProperty("action", out var next))
            {
                return new ActivationResponse { StatusCode = record.Response.StatusCode, Result = parameters ?? result, Size = record.Response.Size };
            }

            var name = next.ValueKind == JsonValueKind.String ? QualifiedName.ResolveReference(next.GetString()!, run.Request.User.Namespace.Name) : null;
            if (name is null)
            {
                payload = ErrorPayload(ApiMessages.CompositionComponentInvalid(next.GetRawText()));
                continue;
            }

            if (accounting.Components >= maxLength)
            {
                payload = ErrorPayload(ApiMessages.CompositionIsTooLong);
                continue;
            }

            var component = await ComponentAsync(run, name, cancellationToken);
            if (component.Error is { } error)
            {
                payload = ErrorPayload(error);
                continue;
            }

            var request = run.Request with { Payload = parameters, Cause = run.ActivationId, CausedBy = ActivationMessage.CausedBySequence, Blocking = true, Wait = null };
            var outcome = await dispatcher.InvokeComponentAsync(request, component.Action!, accounting, 0, cancellationToken);
            if (Finish(run, outcome.Result) is { } componentFailure)
            {
                return componentFailure;
            }

            payload = ResultObject(outcome.Result.Record!);
        }
    }

    /// <summary>Counts a finished step; a step that did not finish in time ends the composition with a whisk error.</summary>
    private static ActivationResponse? Finish(CompositeRun run, InvocationResult step)
    {
        if (step.Record is { } record)
        {
            run.Add(record);
            return null;
        }

        run.AddUnfinished(step.ActivationId);
        return ActivationResponse.WhiskError(ApiMessages.CompositionActivationTimeout(step.ActivationId));
    }

    /// <summary>Checks the right to invoke the next component and resolves it; a refusal or a miss is an error message for the conductor.</summary>
    private async Task<(ResolvedAction? Action, string? Error)> ComponentAsync(CompositeRun run, QualifiedName name, CancellationToken cancellationToken)
    {
        try
        {
            await entitlement.CheckActionAsync(run.Request.User, Privilege.Activate, name, cancellationToken);
        }
        catch (ApiException)
        {
            return (null, ApiMessages.CompositionComponentNotAccessible(name.DocId));
        }

        try
        {
            var resolved = await resolver.ResolveAsync(name, cached: true, cancellationToken);
            return resolved is null ? (null, ApiMessages.CompositionComponentNotFound(name.DocId)) : (resolved, null);
        }
        catch (ApiException)
        {
            return (null, ApiMessages.CompositionComponentNotFound(name.DocId));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Composition activation {ActivationId} failed")]
    private static partial void LogCompositionFailed(ILogger logger, string activationId, Exception exception);
}
