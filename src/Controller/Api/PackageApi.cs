using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenWhisk.Controller.Entities;
using OpenWhisk.Controller.Entitlement;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Controller.Api;

/// <summary>The handlers of <see cref="PackageEndpoints"/>, with OpenWhisk's binding rules and messages.</summary>
public sealed class PackageApi(
    Authenticator auth,
    EntitlementChecker entitlement,
    PackageStore packages,
    ActionStore actions,
    IOptions<LimitsOptions> limits,
    TimeProvider timeProvider)
{
    private const string ReservedName = "default";

    public async Task ListAsync(HttpContext context, string ns)
    {
        var user = await auth.AuthenticateAsync(context);
        var namespaceName = Namespaces.Name(ns, user);
        EntityNames.Validate(namespaceName);
        var query = new EntityQuery
        {
            EntityType = EntityTypes.Package,
            Namespace = namespaceName,
            PublicOnly = !EntitlementChecker.Owns(user, namespaceName),
            Skip = RequestParameters.Skip(context),
            Limit = RequestParameters.Limit(context, limits.Value.ListDefault, limits.Value.ListMax, "packages"),
        };
        await EntitySummaries.WriteListingAsync(context, packages, query, "packages", EntitySummaries.WritePackage);
    }

    public async Task GetAsync(HttpContext context, string ns, string name)
    {
        var user = await auth.AuthenticateAsync(context);
        var (namespaceName, docId) = Name(ns, name, user);
        await entitlement.CheckPackageAsync(user, Privilege.Read, namespaceName, name, context.RequestAborted);
        var package = (await packages.GetAsync(docId, context.RequestAborted) ?? throw ApiException.NotFound()).Entity;
        var shown = package;
        if (package.Binding is { } binding)
        {
            if (binding.DocId == docId)
            {
                throw new ApiException(422, ApiMessages.PackageBindingCircularReference("/" + binding.DocId));
            }

            var target = (await packages.GetAsync(binding.DocId, context.RequestAborted) ?? throw ApiException.NotFound()).Entity;
            shown = package with { Parameters = EntityFields.Merge(target.Parameters, package.Parameters) };
            package = target;
        }

        var contents = await actions.ListAsync(
            new EntityQuery { EntityType = EntityTypes.Action, Namespace = package.FullPath, Limit = int.MaxValue, WithoutCode = true },
            context.RequestAborted);
        await JsonResponses.WriteAsync(context, 200, writer =>
        {
            var json = JsonSerializer.SerializeToElement(shown, OpenWhiskJson.Options);
            writer.WriteStartObject();
            foreach (var property in json.EnumerateObject())
            {
                property.WriteTo(writer);
            }

            WriteContents(writer, "actions", contents.Where(a => a.Annotations.Find("feed") is null));
            WriteContents(writer, "feeds", contents.Where(a => a.Annotations.Find("feed") is not null));
            writer.WriteEndObject();
        });
    }

    public async Task PutAsync(HttpContext context, string ns, string name)
    {
        var user = await auth.AuthenticateAsync(context);
        var (namespaceName, docId) = Name(ns, name, user);
        await entitlement.CheckPackageAsync(user, Privilege.Put, namespaceName, name, context.RequestAborted);
        if (name == ReservedName)
        {
            throw ApiException.BadRequest(ApiMessages.PackageNameIsReserved(name));
        }

        var system = limits.Value;
        var body = await RequestBodies.ReadJsonAsync(context, 3L * system.ParametersMaxBytes, "Request") ?? JsonDocument.Parse("{}").RootElement;
        var binding = PackageDefinition.RequestedBinding(body, user.Namespace.Name);
        if (binding is not null)
        {
            await CheckBindingReadableAsync(user, binding, context.RequestAborted);
        }

        var existing = await packages.GetAsync(docId, context.RequestAborted);
        if (existing is not null && !RequestParameters.Flag(context, "overwrite"))
        {
            throw ApiException.Conflict(ApiMessages.AlreadyExists);
        }

        if (binding is not null)
        {
            if (existing is { Entity.Binding: null })
            {
                throw ApiException.Conflict(ApiMessages.PackageCannotBecomeBinding);
            }

            await CheckBindingTargetAsync(binding, context.RequestAborted);
        }

        var package = PackageDefinition.Build(namespaceName, name, body, binding, existing?.Entity, system, timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        try
        {
            var stored = await packages.PutAsync(package, existing?.Revision, context.RequestAborted);
            await JsonResponses.WriteAsync(context, 200, stored.Entity);
        }
        catch (DocumentConflictException)
        {
            throw ApiException.Conflict(existing is null ? ApiMessages.AlreadyExists : ApiMessages.ConcurrentModification);
        }
    }

    public async Task DeleteAsync(HttpContext context, string ns, string name)
    {
        var user = await auth.AuthenticateAsync(context);
        var (namespaceName, docId) = Name(ns, name, user);
        await entitlement.CheckPackageAsync(user, Privilege.Delete, namespaceName, name, context.RequestAborted);
        var existing = await packages.GetAsync(docId, context.RequestAborted) ?? throw ApiException.NotFound();
        if (existing.Entity.Binding is null)
        {
            await EmptyAsync(existing.Entity, RequestParameters.Flag(context, "force"), context.RequestAborted);
        }

        await packages.DeleteForRequestAsync(docId, existing, context.RequestAborted);

        await JsonResponses.WriteAsync(context, 200, existing.Entity);
    }

    private static (string Namespace, string DocId) Name(string ns, string name, Identity user)
    {
        var namespaceName = Namespaces.Name(ns, user);
        EntityNames.Validate(namespaceName);
        EntityNames.Validate(name);
        return (namespaceName, namespaceName + "/" + name);
    }

    private static void WriteContents(Utf8JsonWriter writer, string property, IEnumerable<WhiskAction> contents)
    {
        writer.WriteStartArray(property);
        foreach (var action in contents)
        {
            writer.WriteStartObject();
            writer.WriteString("name", action.Name);
            writer.WriteString("version", action.Version.ToString());
            writer.WritePropertyName("annotations");
            JsonSerializer.Serialize(writer, action.Annotations, OpenWhiskJson.Options);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>A package with actions is deleted only when forced, and then its actions go first.</summary>
    private async Task EmptyAsync(WhiskPackage package, bool force, CancellationToken cancellationToken)
    {
        var query = new EntityQuery { EntityType = EntityTypes.Action, Namespace = package.FullPath, Limit = int.MaxValue, WithoutCode = true };
        var count = await actions.CountAsync(query, cancellationToken);
        if (count == 0)
        {
            return;
        }

        if (!force)
        {
            throw ApiException.Conflict(ApiMessages.PackageNotEmpty(count));
        }

        foreach (var action in await actions.ListAsync(query, cancellationToken))
        {
            if (await actions.GetAsync(action.FullyQualifiedName, cancellationToken) is { } stored)
            {
                await actions.DeleteAsync(action.FullyQualifiedName, stored.Revision, cancellationToken);
            }
        }
    }

    /// <summary>The caller must be able to read what it binds; a package it owns that is missing is a 400, not a 404.</summary>
    private async Task CheckBindingReadableAsync(Identity user, PackageBinding binding, CancellationToken cancellationToken)
    {
        try
        {
            await entitlement.CheckPackageAsync(user, Privilege.Read, binding.Namespace, binding.Name, cancellationToken);
        }
        catch (ApiException refused) when (refused.Status == 404)
        {
            throw ApiException.BadRequest(ApiMessages.BindingDoesNotExist);
        }
        catch (ApiException refused) when (refused.Status == 409)
        {
            throw ApiException.Conflict(ApiMessages.RequestedBindingIsNotValid);
        }
    }

    /// <summary>What a binding binds must be a package, not another binding.</summary>
    private async Task CheckBindingTargetAsync(PackageBinding binding, CancellationToken cancellationToken)
    {
        Stored<WhiskPackage>? target;
        try
        {
            target = await packages.GetAsync(binding.DocId, cancellationToken);
        }
        catch (ApiException conformance) when (conformance.Status == 409)
        {
            throw ApiException.Conflict(ApiMessages.RequestedBindingIsNotValid);
        }

        if (target is null)
        {
            throw ApiException.BadRequest(ApiMessages.BindingDoesNotExist);
        }

        if (target.Entity.Binding is not null)
        {
            throw ApiException.BadRequest(ApiMessages.BindingCannotReferenceBinding);
        }
    }
}
