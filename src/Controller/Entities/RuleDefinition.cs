using System.Text.Json;
using OpenWhisk.Controller.Api;

namespace OpenWhisk.Controller.Entities;

/// <summary>
/// The body of <c>PUT .../rules/{name}</c>: the trigger and the action (each <c>/ns/name</c>, <c>/ns/pkg/name</c>,
/// a bare <c>name</c>, or <c>{"path", "name"}</c>; <c>_</c> is the rule's namespace), version, publish, annotations.
/// </summary>
public static class RuleDefinition
{
    public const string RequiresTriggerAndAction = "rule requires a valid trigger and a valid action";

    /// <summary>Reads a reference field of the body; null when it is absent.</summary>
    public static QualifiedName? Reference(JsonElement body, string field, string ns)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        QualifiedName? name = value.ValueKind switch
        {
            JsonValueKind.String when QualifiedName.TryParse(value.GetString(), out var parsed) => parsed,
            JsonValueKind.String when value.GetString() is { } single && EntityNames.IsValid(single.Trim('/')) => new QualifiedName(ns, single.Trim('/')),
            JsonValueKind.Object when value.TryGetProperty("path", out var path) && value.TryGetProperty("name", out var n)
                && path.ValueKind == JsonValueKind.String && n.ValueKind == JsonValueKind.String
                && QualifiedName.TryParse(path.GetString() + "/" + n.GetString(), out var fromObject) => fromObject,
            _ => null,
        };
        return (name ?? throw ApiException.BadRequest(ApiMessages.Malformed + ApiMessages.MalformedQualifiedName)).ResolveDefault(ns);
    }

    public static WhiskRule Build(string ns, string name, JsonElement body, QualifiedName trigger, QualifiedName action, WhiskRule? existing, LimitsOptions limits, long now)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return new WhiskRule
        {
            Namespace = ns,
            Name = name,
            Version = EntityFields.Version(body, existing?.Version),
            Publish = EntityFields.Publish(body, existing?.Publish ?? false),
            Annotations = EntityFields.Pairs(body, "annotations", limits, existing?.Annotations),
            Trigger = EntityReference.From(trigger),
            Action = EntityReference.From(action),
            Updated = now,
        };
    }
}
