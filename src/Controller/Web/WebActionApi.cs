using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenWhisk.Controller.Api;
using OpenWhisk.Controller.Entities;
using OpenWhisk.Controller.Hosting;
using OpenWhisk.Controller.Invocation;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Controller.Web;

/// <summary>
/// Runs web actions (<c>/api/v1/web/...</c>) as OpenWhisk's controller does: the action must carry
/// <c>web-export: true</c> (an unknown namespace, a missing or a non-exported action all answer the same 404); it runs
/// as its namespace's owner, counted against the owner's throttles, blocking up to <c>Controller:BlockingTimeout</c>
/// (then 202 with the activation id); a caller's valid key only serves <c>require-whisk-auth</c> and <c>__ow_user</c>.
/// </summary>
public sealed partial class WebActionApi(
    Authenticator auth,
    ActionResolver resolver,
    ActionGateway gateway,
    IOptions<LimitsOptions> limits,
    IOptions<ControllerOptions> controller,
    ILogger<WebActionApi> logger)
{
    /// <summary>Answers a request for the web action <paramref name="target"/>.</summary>
    public async Task HandleAsync(HttpContext context, WebActionPath target)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(target);
        try
        {
            await RunAsync(context, target);
        }
        catch (Exception exception) when (!context.Response.HasStarted)
        {
            // Errors keep the headers already decided (CORS, activation id), unlike the API's.
            var (status, message) = exception is WebResultException web ? (web.Status, web.Message) : ApiFailures.Classify(exception);
            if (status == 500)
            {
                LogWebActionFailed(logger, target.Action.DocId, exception);
            }

            await ErrorWriter.WriteAsync(context, status, status == 401 ? WebMessages.Unauthorized : message, challenge: false);
        }
    }

    private async Task RunAsync(HttpContext context, WebActionPath target)
    {
        var aborted = context.RequestAborted;
        var owner = await auth.IdentityOfNamespaceAsync(target.Action.Namespace, aborted) ?? throw ApiException.NotFound();
        var resolved = await ResolveExportedAsync(target.Action, aborted) ?? throw ApiException.NotFound();
        await gateway.AuthorizeAsync(owner, target.Action, aborted);
        if (context.Request.ContentLength > limits.Value.PayloadMaxBytes)
        {
            throw new ApiException(413, ApiMessages.TooLarge("Request", context.Request.ContentLength.Value, limits.Value.PayloadMaxBytes));
        }

        var annotations = resolved.Action.Annotations;
        var options = HttpMethods.IsOptions(context.Request.Method);
        if (annotations.Find("web-custom-options") is not { ValueKind: JsonValueKind.True })
        {
            WebCors.Add(context);
            if (options)
            {
                context.Response.StatusCode = StatusCodes.Status200OK;
                return;
            }
        }

        var caller = await auth.TryAuthenticateAsync(context);
        if (!options && !WebActionAuthorization.Allows(annotations, context.Request.Headers, caller))
        {
            throw new ApiException(401, WebMessages.Unauthorized);
        }

        var raw = annotations.Find("raw-http") is { ValueKind: JsonValueKind.True };
        var bytes = await RequestBodies.ReadBytesAsync(context, limits.Value.PayloadMaxBytes, "Request");
        var body = WebRequestBody.Read(bytes, context.Request.ContentType, raw);
        var request = new InvocationRequest
        {
            User = owner,
            Transaction = new TransactionId(context.TransactionId(), context.StartEpochMs()),
            Payload = WebActionInput.Build(context.Request, body, raw, caller, target.RestPath, resolved.Action),
            Blocking = true,
            Wait = controller.Value.BlockingTimeout,
        };
        var result = await gateway.InvokeResolvedAsync(request, resolved, aborted);
        context.Response.Headers["x-openwhisk-activation-id"] = result.ActivationId;
        if (result.Record is not { } record)
        {
            throw new ApiException(202, WebMessages.ResponseNotReady);
        }

        await WriteAsync(context, Project(record), target.Extension);
    }

    /// <summary>The action when it exists and is exported; null otherwise (whatever the reason, nothing leaks).</summary>
    private async Task<ResolvedAction?> ResolveExportedAsync(QualifiedName name, CancellationToken cancellationToken)
    {
        ResolvedAction? resolved;
        try
        {
            resolved = await resolver.ResolveAsync(name, cached: true, cancellationToken);
        }
        catch (ApiException)
        {
            return null;
        }

        return resolved?.Action.Annotations.Find("web-export") is { ValueKind: JsonValueKind.True } ? resolved : null;
    }

    /// <summary>What the response is made of: the result of a success, the <c>error</c> field of an application error.</summary>
    private static JsonElement Project(ActivationRecord record)
    {
        var result = record.Response.Result ?? JsonDocument.Parse("{}").RootElement;
        return record.Response.StatusCode switch
        {
            ActivationStatus.Success => result,
            ActivationStatus.ApplicationError => result.ValueKind == JsonValueKind.Object && result.TryGetProperty("error", out var error)
                ? error
                : throw new WebResultException(404, WebMessages.PropertyNotFound),
            _ => throw new WebResultException(400, WebMessages.ErrorProcessingRequest),
        };
    }

    private static async Task WriteAsync(HttpContext context, JsonElement projection, WebExtension extension)
    {
        var response = WebResponses.From(projection, extension);
        var headers = context.Response.Headers;
        foreach (var group in response.Headers.GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
        {
            headers[group.Key] = group.Select(h => h.Value).ToArray();
        }

        context.Response.StatusCode = response.Status;
        if (response.ContentType is null || response.Status is 204 or 205 or 304)
        {
            // These statuses have no body in HTTP: one the action gave is dropped.
            return;
        }

        context.Response.ContentType = response.ContentType;
        context.Response.ContentLength = response.Body.Length;
        await context.Response.Body.WriteAsync(response.Body, context.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Web action {Action} failed")]
    private static partial void LogWebActionFailed(ILogger logger, string action, Exception exception);
}
