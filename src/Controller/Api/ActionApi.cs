using Microsoft.Extensions.Options;
using OpenWhisk.Common.Runtimes;
using OpenWhisk.Controller.Entities;
using OpenWhisk.Controller.Entitlement;
using OpenWhisk.Controller.Invocation;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Controller.Api;

/// <summary>The handlers of <see cref="ActionEndpoints"/>.</summary>
public sealed class ActionApi(
    Authenticator auth,
    EntitlementChecker entitlement,
    ActionStore actions,
    PackageStore packages,
    ActionResolver resolver,
    SequenceValidator sequences,
    RuntimesManifest manifest,
    IOptions<LimitsOptions> limits,
    TimeProvider timeProvider)
{
    public async Task GetAsync(HttpContext context, string ns, string? path)
    {
        var user = await auth.AuthenticateAsync(context);
        var target = ActionPath.Parse(ns, path, user);
        if (target.Action is not { } name)
        {
            await ListAsync(context, user, target);
            return;
        }

        await entitlement.CheckActionAsync(user, Privilege.Read, name, context.RequestAborted);
        var resolved = await resolver.ResolveAsync(name, cached: false, context.RequestAborted) ?? throw ApiException.NotFound();
        var action = resolved.Action;
        if (context.Request.Query["code"].ToString() is "false" or "False" or "0")
        {
            action = action with { Exec = action.Exec with { Code = null } };
        }

        await JsonResponses.WriteAsync(context, 200, action);
    }

    public async Task PutAsync(HttpContext context, string ns, string? path)
    {
        var user = await auth.AuthenticateAsync(context);
        var name = ActionPath.Parse(ns, path, user).Action ?? throw ApiException.NotFound();
        await entitlement.CheckActionAsync(user, Privilege.Put, name, context.RequestAborted);
        await RequireWritablePackageAsync(name, context.RequestAborted);
        var system = limits.Value;
        var body = await RequestBodies.ReadJsonAsync(context, system.CodeMaxBytes + (3L * system.ParametersMaxBytes), "Request")
            ?? throw ApiException.BadRequest(ApiMessages.ExecUndefined);
        var existing = await actions.GetAsync(name.DocId, context.RequestAborted);
        if (existing is not null && !RequestParameters.Flag(context, "overwrite"))
        {
            throw ApiException.Conflict(ApiMessages.AlreadyExists);
        }

        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var action = ActionDefinition.Build(name.Path, name.Name, body, existing?.Entity, manifest, system, now, user.Namespace.Name);
        if (action.Exec.IsBlackbox)
        {
            BlackboxImagePolicy.Require(action.Exec.Image!, system.AllowedBlackboxImages);
        }

        if (action.Exec.Components is { } components && (existing is null || !ReferenceEquals(action.Exec, existing.Entity.Exec)))
        {
            await CheckComponentsReadableAsync(user, components, context.RequestAborted);
            await sequences.ValidateAsync(name, components, context.RequestAborted);
        }

        Stored<WhiskAction> stored;
        try
        {
            stored = await actions.PutAsync(action, existing?.Revision, context.RequestAborted);
        }
        catch (DocumentConflictException)
        {
            throw ApiException.Conflict(existing is null ? ApiMessages.AlreadyExists : ApiMessages.ConcurrentModification);
        }

        await JsonResponses.WriteAsync(context, 200, stored.Entity);
    }

    public async Task DeleteAsync(HttpContext context, string ns, string? path)
    {
        var user = await auth.AuthenticateAsync(context);
        var name = ActionPath.Parse(ns, path, user).Action ?? throw ApiException.NotFound();
        await entitlement.CheckActionAsync(user, Privilege.Delete, name, context.RequestAborted);
        await RequireWritablePackageAsync(name, context.RequestAborted);
        var existing = await actions.GetAsync(name.DocId, context.RequestAborted) ?? throw ApiException.NotFound();
        await actions.DeleteForRequestAsync(name.DocId, existing, context.RequestAborted);

        await JsonResponses.WriteAsync(context, 200, existing.Entity);
    }

    private async Task ListAsync(HttpContext context, Identity user, ActionPath target)
    {
        string listed;
        if (target.Package is { } package)
        {
            // A package's actions: readable with the package; a binding lists the bound package's actions.
            await entitlement.CheckPackageAsync(user, Privilege.Read, target.Namespace, package, context.RequestAborted);
            var stored = await packages.GetAsync(target.Namespace + "/" + package, context.RequestAborted) ?? throw ApiException.NotFound();
            listed = stored.Entity.Binding?.DocId ?? stored.Entity.FullPath;
        }
        else
        {
            listed = Namespaces.Resolve(target.Namespace, user);
        }

        var query = new EntityQuery
        {
            EntityType = EntityTypes.Action,
            Namespace = listed,
            IncludeNested = target.Package is null,
            WithoutCode = true,
            Skip = RequestParameters.Skip(context),
            Limit = RequestParameters.Limit(context, limits.Value.ListDefault, limits.Value.ListMax, "actions"),
        };
        await EntitySummaries.WriteListingAsync(context, actions, query, "actions", EntitySummaries.WriteAction);
    }

    /// <summary>An action is written into an existing package, never into a binding.</summary>
    private async Task RequireWritablePackageAsync(QualifiedName name, CancellationToken cancellationToken)
    {
        if (name.Package is null)
        {
            return;
        }

        var package = await packages.GetAsync(name.Path, cancellationToken) ?? throw ApiException.NotFound();
        if (package.Entity.Binding is not null)
        {
            throw ApiException.BadRequest(ApiMessages.NotAllowedOnBinding);
        }
    }

    /// <summary>Whoever creates a sequence must be able to read every component.</summary>
    private async Task CheckComponentsReadableAsync(Identity user, IReadOnlyList<string> components, CancellationToken cancellationToken)
    {
        foreach (var component in components)
        {
            if (QualifiedName.TryParse(component, out var name))
            {
                await entitlement.CheckActionAsync(user, Privilege.Read, name, cancellationToken);
            }
        }
    }
}
