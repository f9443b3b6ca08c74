using System.Text.Json;
using OpenWhisk.Controller.Api;

namespace OpenWhisk.Controller.Entities;

/// <summary>
/// Turns the body of <c>PUT .../triggers/{name}</c> into a trigger as OpenWhisk does: absent fields keep their
/// values on update (its rules always stay), the version's patch goes up, and a new trigger's <c>feed</c> annotation
/// must name an entity.
/// </summary>
public static class TriggerDefinition
{
    public const string FeedNameIsNotValid = "Feed name is not valid";

    public static WhiskTrigger Build(string ns, string name, JsonElement body, WhiskTrigger? existing, LimitsOptions limits, long now)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (body.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined))
        {
            throw ApiException.BadRequest(ApiMessages.Malformed + "The trigger must be a JSON object.");
        }

        var fields = body.ValueKind == JsonValueKind.Object ? body : JsonDocument.Parse("{}").RootElement;
        var trigger = new WhiskTrigger
        {
            Namespace = ns,
            Name = name,
            Version = EntityFields.Version(fields, existing?.Version),
            Publish = EntityFields.Publish(fields, existing?.Publish ?? false),
            Parameters = EntityFields.Pairs(fields, "parameters", limits, existing?.Parameters),
            Annotations = EntityFields.Pairs(fields, "annotations", limits, existing?.Annotations),
            Rules = existing?.Rules,
            Updated = now,
        };
        if (existing is null && trigger.Annotations.FirstOrDefault(a => a.Key == "feed") is { } feed && !IsEntityPath(feed.Value))
        {
            throw ApiException.BadRequest(FeedNameIsNotValid);
        }

        return trigger;
    }

    /// <summary>A feed name is a string of one or more valid segments (<c>/whisk.system/alarms/alarm</c>).</summary>
    private static bool IsEntityPath(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        var segments = value.GetString()!.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length > 0 && segments.All(EntityNames.IsValid);
    }
}
