using System.Text.Json;
using OpenWhisk.Controller.Api;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Controller.Entities;

/// <summary>
/// Turns the body of <c>PUT .../packages/{name}</c> into a package or binding as OpenWhisk does: absent fields keep
/// their values on update, the version's patch goes up, and the <c>binding</c> annotation always mirrors the
/// binding (whatever the request said).
/// </summary>
public static class PackageDefinition
{
    /// <summary>The binding the request asks for (<c>_</c> resolved), or null for a package or an unchanged binding.</summary>
    public static PackageBinding? RequestedBinding(JsonElement body, string callerNamespace)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("binding", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.BadRequest(ApiMessages.Malformed + "'binding' must be an object {\"namespace\", \"name\"}.");
        }

        if (!element.EnumerateObject().Any())
        {
            return null;
        }

        var ns = element.TryGetProperty("namespace", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : null;
        var name = element.TryGetProperty("name", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : null;
        if (ns is null || name is null)
        {
            throw ApiException.BadRequest(ApiMessages.Malformed + "a binding needs a 'namespace' and a 'name'.");
        }

        ns = ns.TrimStart('/');
        EntityNames.Validate(ns);
        EntityNames.Validate(name);
        return new PackageBinding(ns == Namespaces.Default ? callerNamespace : ns, name);
    }

    public static WhiskPackage Build(string ns, string name, JsonElement body, PackageBinding? binding, WhiskPackage? existing, LimitsOptions limits, long now)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (body.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined))
        {
            throw ApiException.BadRequest(ApiMessages.Malformed + "The package must be a JSON object.");
        }

        var fields = body.ValueKind == JsonValueKind.Object ? body : JsonDocument.Parse("{}").RootElement;
        var effective = binding ?? existing?.Binding;
        IReadOnlyList<KeyValue> annotations = EntityFields.Pairs(fields, "annotations", limits, existing?.Annotations)
            .Where(a => a.Key != "binding")
            .ToList();
        if (effective is not null)
        {
            annotations = annotations.With(KeyValue.Of("binding", new Dictionary<string, string> { ["namespace"] = effective.Namespace, ["name"] = effective.Name }));
        }

        return new WhiskPackage
        {
            Namespace = ns,
            Name = name,
            Version = EntityFields.Version(fields, existing?.Version),
            Publish = EntityFields.Publish(fields, existing?.Publish ?? false),
            Binding = effective,
            Parameters = EntityFields.Pairs(fields, "parameters", limits, existing?.Parameters),
            Annotations = annotations,
            Updated = now,
        };
    }
}
