using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenWhisk.Controller.Entities;
using OpenWhisk.Controller.Entitlement;
using OpenWhisk.Controller.Invocation;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Controller.Api;

/// <summary>
/// The handlers of <see cref="RuleEndpoints"/>, with OpenWhisk's rules: a rule's trigger and action must exist when
/// it is written, and its status is the trigger's link to it (a rule whose trigger is gone is inactive).
/// </summary>
public sealed class RuleApi(
    Authenticator auth,
    EntitlementChecker entitlement,
    RuleStore rules,
    TriggerStore triggers,
    ActionResolver resolver,
    IOptions<LimitsOptions> limits,
    TimeProvider timeProvider)
{
    private const int LinkAttempts = 3;

    public async Task ListAsync(HttpContext context, string ns)
    {
        var user = await auth.AuthenticateAsync(context);
        var query = new EntityQuery
        {
            EntityType = EntityTypes.Rule,
            Namespace = Namespaces.Resolve(ns, user),
            Skip = RequestParameters.Skip(context),
            Limit = RequestParameters.Limit(context, limits.Value.ListDefault, limits.Value.ListMax, "rules"),
        };
        await EntitySummaries.WriteListingAsync(context, rules, query, "rules", (writer, rule) => JsonSerializer.Serialize(writer, rule, OpenWhiskJson.Options));
    }

    public async Task GetAsync(HttpContext context, string ns, string name)
    {
        var (_, docId) = await NameAsync(context, ns, name);
        var rule = (await rules.GetAsync(docId, context.RequestAborted) ?? throw ApiException.NotFound()).Entity;
        await WriteAsync(context, rule, await StatusAsync(rule, context.RequestAborted));
    }

    public async Task PutAsync(HttpContext context, string ns, string name)
    {
        var user = await auth.AuthenticateAsync(context);
        var namespaceName = Namespaces.Resolve(ns, user, name);
        EntityNames.Validate(name);
        var body = await RequestBodies.ReadJsonAsync(context, 3L * limits.Value.ParametersMaxBytes, "Request") ?? JsonDocument.Parse("{}").RootElement;
        var trigger = RuleDefinition.Reference(body, "trigger", namespaceName);
        var action = RuleDefinition.Reference(body, "action", namespaceName);
        await CheckReadableAsync(user, trigger, action, context.RequestAborted);
        var existing = await rules.GetAsync(namespaceName + "/" + name, context.RequestAborted);
        if (existing is not null && !RequestParameters.Flag(context, "overwrite"))
        {
            throw ApiException.Conflict(ApiMessages.AlreadyExists);
        }

        var old = existing?.Entity;
        if (old is null && (trigger is null || action is null))
        {
            throw ApiException.BadRequest(RuleDefinition.RequiresTriggerAndAction);
        }

        trigger ??= old!.Trigger.QualifiedName;
        action ??= old!.Action.QualifiedName;
        var rule = RuleDefinition.Build(namespaceName, name, body, trigger, action, old, limits.Value, timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        await RequireExistingAsync(trigger, action, context.RequestAborted);
        var status = old is null ? RuleStatus.Active : await StatusAsync(old, context.RequestAborted);
        Stored<WhiskRule> stored;
        try
        {
            stored = await rules.PutAsync(rule, existing?.Revision, context.RequestAborted);
        }
        catch (DocumentConflictException)
        {
            throw ApiException.Conflict(existing is null ? ApiMessages.AlreadyExists : ApiMessages.ConcurrentModification);
        }

        // The rule document is this request's now; only its writer links it, even if the caller has gone meanwhile.
        var sameTrigger = old is not null && old.Trigger == rule.Trigger;
        if (old is not null && !sameTrigger)
        {
            await RelinkAsync(old.Trigger.QualifiedName.DocId, t => t.WithoutRule(rule.FullName), CancellationToken.None);
        }

        var written = RuleStatus.Inactive;
        await RelinkAsync(
            trigger.DocId,
            t =>
            {
                written = sameTrigger ? t.StatusOf(rule.FullName) : status;
                return t.WithRule(rule.FullName, new TriggerRule(rule.Action, written));
            },
            CancellationToken.None);
        await WriteAsync(context, stored.Entity, written);
    }

    public async Task SetStatusAsync(HttpContext context, string ns, string name)
    {
        var (_, docId) = await NameAsync(context, ns, name);
        var body = await RequestBodies.ReadJsonAsync(context, limits.Value.PayloadMaxBytes, "Request");
        var requested = body is { ValueKind: JsonValueKind.Object } given && given.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        if (requested is not (RuleStatus.Active or RuleStatus.Inactive))
        {
            throw ApiException.BadRequest(ApiMessages.Malformed + $"'{requested}' is not a recognized rule state, must be one of ['{RuleStatus.Active}', '{RuleStatus.Inactive}']");
        }

        var rule = (await rules.GetAsync(docId, context.RequestAborted) ?? throw ApiException.NotFound()).Entity;
        var linked = await RelinkAsync(rule.Trigger.QualifiedName.DocId, t => t.StatusOf(rule.FullName) == requested ? null : t.WithRule(rule.FullName, new TriggerRule(rule.Action, requested)), context.RequestAborted);
        if (!linked)
        {
            throw new ApiException(404, "Only rules with existing triggers can be activated");
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    public async Task DeleteAsync(HttpContext context, string ns, string name)
    {
        var (_, docId) = await NameAsync(context, ns, name);
        var existing = await rules.GetAsync(docId, context.RequestAborted) ?? throw ApiException.NotFound();
        var rule = existing.Entity;
        await RelinkAsync(rule.Trigger.QualifiedName.DocId, t => t.WithoutRule(rule.FullName), context.RequestAborted);
        await rules.DeleteForRequestAsync(docId, existing, context.RequestAborted);

        await WriteAsync(context, rule, RuleStatus.Inactive);
    }

    private static Task WriteAsync(HttpContext context, WhiskRule rule, string status)
    {
        var json = JsonSerializer.SerializeToNode(rule, OpenWhiskJson.Options)!.AsObject();
        json["status"] = status;
        return JsonResponses.WriteAsync(context, 200, writer => json.WriteTo(writer));
    }

    private async Task<(string Namespace, string DocId)> NameAsync(HttpContext context, string ns, string name)
    {
        var user = await auth.AuthenticateAsync(context);
        var namespaceName = Namespaces.Resolve(ns, user, name);
        EntityNames.Validate(name);
        return (namespaceName, namespaceName + "/" + name);
    }

    /// <summary>The rule's status on its trigger; inactive when the trigger is gone.</summary>
    private async Task<string> StatusAsync(WhiskRule rule, CancellationToken cancellationToken)
    {
        try
        {
            var trigger = await triggers.GetAsync(rule.Trigger.QualifiedName.DocId, cancellationToken);
            return trigger?.Entity.StatusOf(rule.FullName) ?? RuleStatus.Inactive;
        }
        catch (ApiException)
        {
            return RuleStatus.Inactive;
        }
    }

    /// <summary>The caller must be able to read the trigger (its own) and the action (its own, or in a published package).</summary>
    private async Task CheckReadableAsync(Identity user, QualifiedName? trigger, QualifiedName? action, CancellationToken cancellationToken)
    {
        if (trigger is not null && !EntitlementChecker.Owns(user, trigger.Path))
        {
            throw EntitlementChecker.Forbidden(trigger.DocId);
        }

        if (action is not null)
        {
            await entitlement.CheckActionAsync(user, Privilege.Read, action, cancellationToken);
        }
    }

    /// <summary>A rule's trigger and action must exist when it is written (400 naming the missing one).</summary>
    private async Task RequireExistingAsync(QualifiedName trigger, QualifiedName action, CancellationToken cancellationToken)
    {
        Stored<WhiskTrigger>? found;
        try
        {
            found = await triggers.GetAsync(trigger.DocId, cancellationToken);
        }
        catch (ApiException)
        {
            found = null;
        }

        if (found is null)
        {
            throw ApiException.BadRequest($"trigger {trigger} does not exist");
        }

        ResolvedAction? resolved;
        try
        {
            resolved = await resolver.ResolveAsync(action, cached: false, cancellationToken);
        }
        catch (ApiException)
        {
            resolved = null;
        }

        if (resolved is null)
        {
            throw ApiException.BadRequest($"action {action} does not exist");
        }
    }

    /// <summary>
    /// Rewrites a trigger's rule links (retrying when another writer changed it meanwhile); false when the trigger does
    /// not exist. <paramref name="change"/> may return null for "nothing to change".
    /// </summary>
    private async Task<bool> RelinkAsync(string triggerId, Func<WhiskTrigger, WhiskTrigger?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            Stored<WhiskTrigger>? trigger;
            try
            {
                trigger = await triggers.GetAsync(triggerId, cancellationToken);
            }
            catch (ApiException)
            {
                trigger = null;
            }

            if (trigger is null)
            {
                return false;
            }

            if (change(trigger.Entity) is not { } changed)
            {
                return true;
            }

            try
            {
                await triggers.PutAsync(changed, trigger.Revision, cancellationToken);
                return true;
            }
            catch (DocumentConflictException) when (attempt < LinkAttempts)
            {
                // A concurrent rule change wrote the trigger: apply ours to its new state.
            }
        }
    }
}
