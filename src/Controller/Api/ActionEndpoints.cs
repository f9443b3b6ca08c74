using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenWhisk.Common.Runtimes;
using OpenWhisk.Controller.Entities;
using OpenWhisk.Controller.Invocation;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Controller.Api;

/// <summary>
/// <c>/api/v1/namespaces/{ns}/actions</c>: list, get, create and update (<c>PUT</c>, <c>overwrite=true</c>),
/// delete, and invoke (<c>POST</c>, blocking or not, <c>result=true</c>).
/// </summary>
public static class ActionEndpoints
{
    public static IEndpointRouteBuilder MapActionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/namespaces/{ns}/actions", ListAsync);
        app.MapGet("/api/v1/namespaces/{ns}/actions/{**path}", GetAsync);
        app.MapPut("/api/v1/namespaces/{ns}/actions/{**path}", PutAsync);
        app.MapDelete("/api/v1/namespaces/{ns}/actions/{**path}", DeleteAsync);
        app.MapPost("/api/v1/namespaces/{ns}/actions/{**path}", InvokeAsync);
        return app;
    }

    private static async Task ListAsync(HttpContext context, string ns, Authenticator auth, ActionStore actions, IOptions<LimitsOptions> limits)
    {
        var user = await auth.AuthenticateAsync(context);
        var namespaceName = Namespaces.Resolve(ns, user);
        var query = new EntityQuery
        {
            EntityType = EntityTypes.Action,
            Namespace = namespaceName,
            IncludeNested = true,
            Skip = RequestParameters.Skip(context),
            Limit = RequestParameters.Limit(context, limits.Value.ListDefault, limits.Value.ListMax, "actions"),
        };
        if (RequestParameters.Flag(context, "count"))
        {
            var count = await actions.CountAsync(query, context.RequestAborted);
            await JsonResponses.WriteAsync(context, 200, writer =>
            {
                writer.WriteStartObject();
                writer.WriteNumber("actions", count);
                writer.WriteEndObject();
            });
            return;
        }

        var list = await actions.ListAsync(query, context.RequestAborted);
        await JsonResponses.WriteAsync(context, 200, writer =>
        {
            writer.WriteStartArray();
            foreach (var action in list)
            {
                WriteSummary(writer, action);
            }

            writer.WriteEndArray();
        });
    }

    private static async Task GetAsync(HttpContext context, string ns, string path, Authenticator auth, ActionStore actions)
    {
        var user = await auth.AuthenticateAsync(context);
        var docId = DocId(ns, path, user);
        var stored = await actions.GetAsync(docId, context.RequestAborted) ?? throw ApiException.NotFound();
        var includeCode = context.Request.Query["code"].ToString() is not ("false" or "False" or "0");
        var action = includeCode ? stored.Action : stored.Action with { Exec = stored.Action.Exec with { Code = null } };
        await JsonResponses.WriteAsync(context, 200, action);
    }

    private static async Task PutAsync(
        HttpContext context,
        string ns,
        string path,
        Authenticator auth,
        ActionStore actions,
        RuntimesManifest manifest,
        IOptions<LimitsOptions> limits,
        TimeProvider timeProvider)
    {
        var user = await auth.AuthenticateAsync(context);
        var docId = DocId(ns, path, user);
        var system = limits.Value;
        var body = await RequestBodies.ReadJsonAsync(context, system.CodeMaxBytes + (3L * system.ParametersMaxBytes), "Request")
            ?? throw ApiException.BadRequest(ApiMessages.Malformed + "The request has no body.");
        var existing = await actions.GetAsync(docId, context.RequestAborted);
        if (existing is not null && !RequestParameters.Flag(context, "overwrite"))
        {
            throw ApiException.Conflict(ApiMessages.AlreadyExists);
        }

        var slash = docId.LastIndexOf('/');
        var action = ActionDefinition.Build(docId[..slash], docId[(slash + 1)..], body, existing?.Action, manifest, system, timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        StoredAction stored;
        try
        {
            stored = await actions.PutAsync(action, existing?.Revision, context.RequestAborted);
        }
        catch (DocumentConflictException)
        {
            throw ApiException.Conflict(existing is null ? ApiMessages.AlreadyExists : ApiMessages.ConcurrentModification);
        }

        await JsonResponses.WriteAsync(context, 200, stored.Action);
    }

    private static async Task DeleteAsync(HttpContext context, string ns, string path, Authenticator auth, ActionStore actions)
    {
        var user = await auth.AuthenticateAsync(context);
        var docId = DocId(ns, path, user);
        var existing = await actions.GetAsync(docId, context.RequestAborted) ?? throw ApiException.NotFound();
        try
        {
            if (!await actions.DeleteAsync(docId, existing.Revision, context.RequestAborted))
            {
                throw ApiException.NotFound();
            }
        }
        catch (DocumentConflictException)
        {
            throw ApiException.Conflict(ApiMessages.ConcurrentModification);
        }

        await JsonResponses.WriteAsync(context, 200, existing.Action);
    }

    private static async Task InvokeAsync(
        HttpContext context,
        string ns,
        string path,
        Authenticator auth,
        InvocationThrottles throttles,
        ActionStore actions,
        ActionInvoker invoker,
        IOptions<LimitsOptions> limits,
        IOptions<Hosting.ControllerOptions> controller)
    {
        var user = await auth.AuthenticateAsync(context);
        var docId = DocId(ns, path, user);
        throttles.Check(user);
        var body = await RequestBodies.ReadJsonAsync(context, limits.Value.PayloadMaxBytes, "Request");
        var stored = await actions.GetForInvokeAsync(docId, context.RequestAborted) ?? throw ApiException.NotFound();
        var blocking = RequestParameters.Flag(context, "blocking");
        var wait = Wait(context, controller.Value.BlockingTimeout);
        var transaction = new TransactionId(context.TransactionId(), context.StartEpochMs());
        var result = await invoker.InvokeAsync(user, stored, body, blocking, wait, transaction, context.RequestAborted);
        context.Response.Headers["x-openwhisk-activation-id"] = result.ActivationId;
        if (result.Record is not { } record)
        {
            await JsonResponses.WriteAsync(context, 202, writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("activationId", result.ActivationId);
                writer.WriteEndObject();
            });
            return;
        }

        var status = record.Response.StatusCode switch
        {
            ActivationStatus.Success => 200,
            ActivationStatus.WhiskError => 500,
            _ => 502,
        };
        if (RequestParameters.Flag(context, "result"))
        {
            await JsonResponses.WriteAsync(context, status, writer =>
            {
                if (record.Response.Result is { } value)
                {
                    value.WriteTo(writer);
                }
                else
                {
                    writer.WriteStartObject();
                    writer.WriteEndObject();
                }
            });
            return;
        }

        await JsonResponses.WriteAsync(context, status, writer => ActivationViews.WriteExtended(writer, record));
    }

    /// <summary>The document id of <c>{ns}/{path}</c>; packages are not supported yet, so a path with a package is not found.</summary>
    private static string DocId(string ns, string path, Identity user)
    {
        var namespaceName = Namespaces.Resolve(ns, user, path);
        if (path.Contains('/', StringComparison.Ordinal))
        {
            throw ApiException.NotFound();
        }

        EntityNames.Validate(path);
        return namespaceName + "/" + path;
    }

    private static TimeSpan? Wait(HttpContext context, TimeSpan max)
    {
        var text = context.Request.Query["timeout"].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms) || ms <= 0 || ms > max.TotalMilliseconds)
        {
            throw ApiException.BadRequest($"Timeout must be a number of milliseconds between 1 and {(int)max.TotalMilliseconds}.");
        }

        return TimeSpan.FromMilliseconds(ms);
    }

    private static void WriteSummary(Utf8JsonWriter writer, WhiskAction action)
    {
        writer.WriteStartObject();
        writer.WriteString("namespace", action.Namespace);
        writer.WriteString("name", action.Name);
        writer.WriteString("version", action.Version.ToString());
        writer.WriteBoolean("publish", action.Publish);
        writer.WritePropertyName("annotations");
        JsonSerializer.Serialize(writer, action.Annotations, OpenWhiskJson.Options);
        writer.WritePropertyName("limits");
        JsonSerializer.Serialize(writer, action.Limits, OpenWhiskJson.Options);
        writer.WriteStartObject("exec");
        writer.WriteBoolean("binary", action.Exec.Binary);
        writer.WriteEndObject();
        writer.WriteNumber("updated", action.Updated);
        writer.WriteEndObject();
    }
}
