using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenWhisk.Controller.Entities;
using OpenWhisk.Controller.Invocation;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Controller.Api;

/// <summary>The handlers of <see cref="TriggerEndpoints"/>. Triggers are never shared: only their namespace's owner may use them.</summary>
public sealed class TriggerApi(
    Authenticator auth,
    TriggerStore triggers,
    TriggerFirer firer,
    InvocationThrottles throttles,
    IOptions<LimitsOptions> limits,
    TimeProvider timeProvider)
{
    public async Task ListAsync(HttpContext context, string ns)
    {
        var user = await auth.AuthenticateAsync(context);
        var query = new EntityQuery
        {
            EntityType = EntityTypes.Trigger,
            Namespace = Namespaces.Resolve(ns, user),
            Skip = RequestParameters.Skip(context),
            Limit = RequestParameters.Limit(context, limits.Value.ListDefault, limits.Value.ListMax, "triggers"),
        };
        await EntitySummaries.WriteListingAsync(context, triggers, query, "triggers", (writer, trigger) => JsonSerializer.Serialize(writer, trigger, OpenWhisk.Spi.OpenWhiskJson.Options));
    }

    public async Task GetAsync(HttpContext context, string ns, string name)
    {
        var (_, docId) = await NameAsync(context, ns, name);
        var trigger = await triggers.GetAsync(docId, context.RequestAborted) ?? throw ApiException.NotFound();
        await JsonResponses.WriteAsync(context, 200, trigger.Entity);
    }

    public async Task PutAsync(HttpContext context, string ns, string name)
    {
        var (namespaceName, docId) = await NameAsync(context, ns, name);
        var system = limits.Value;
        var body = await RequestBodies.ReadJsonAsync(context, 3L * system.ParametersMaxBytes, "Request") ?? JsonDocument.Parse("{}").RootElement;
        var existing = await triggers.GetAsync(docId, context.RequestAborted);
        if (existing is not null && !RequestParameters.Flag(context, "overwrite"))
        {
            throw ApiException.Conflict(ApiMessages.AlreadyExists);
        }

        var trigger = TriggerDefinition.Build(namespaceName, name, body, existing?.Entity, system, timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        try
        {
            var stored = await triggers.PutAsync(trigger, existing?.Revision, context.RequestAborted);
            await JsonResponses.WriteAsync(context, 200, stored.Entity);
        }
        catch (DocumentConflictException)
        {
            throw ApiException.Conflict(existing is null ? ApiMessages.AlreadyExists : ApiMessages.ConcurrentModification);
        }
    }

    public async Task DeleteAsync(HttpContext context, string ns, string name)
    {
        var (_, docId) = await NameAsync(context, ns, name);
        var existing = await triggers.GetAsync(docId, context.RequestAborted) ?? throw ApiException.NotFound();
        await triggers.DeleteForRequestAsync(docId, existing, context.RequestAborted);

        await JsonResponses.WriteAsync(context, 200, existing.Entity);
    }

    public async Task FireAsync(HttpContext context, string ns, string name)
    {
        var user = await auth.AuthenticateAsync(context);
        var docId = Namespaces.Resolve(ns, user, name) + "/" + Valid(name);
        throttles.CheckFires(user);
        var payload = await RequestBodies.ReadJsonAsync(context, limits.Value.PayloadMaxBytes, "Request");
        if (payload is { } given && given.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.BadRequest(ApiMessages.Malformed + "The request body must be a JSON object.");
        }

        var trigger = await triggers.GetCachedAsync(docId, context.RequestAborted) ?? throw ApiException.NotFound();
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var id = firer.Fire(user, trigger.Entity, payload, headers, new TransactionId(context.TransactionId(), context.StartEpochMs()));
        if (id is null)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        await ActionInvocationEndpoint.WriteResultAsync(context, new InvocationResult(id, null), resultOnly: false);
    }

    private static string Valid(string name)
    {
        EntityNames.Validate(name);
        return name;
    }

    private async Task<(string Namespace, string DocId)> NameAsync(HttpContext context, string ns, string name)
    {
        var user = await auth.AuthenticateAsync(context);
        var namespaceName = Namespaces.Resolve(ns, user, name);
        return (namespaceName, namespaceName + "/" + Valid(name));
    }
}
