using System.Text.Json;
using OpenWhisk.Controller.Api;

namespace OpenWhisk.Controller.Alarms;

/// <summary>
/// Applies the parameters a feed action passes on UPDATE, as OpenWhisk's alarms do: a truthy <c>trigger_payload</c>;
/// <c>date</c> and <c>deleteAfterFire</c> of a once-alarm; <c>minutes</c> of an interval; <c>cron</c>,
/// <c>timezone</c> and <c>strict</c> of a cron; start and stop dates of both. Its kind never changes; the schedule
/// counts anew from the update.
/// </summary>
public static class AlarmUpdate
{
    public static AlarmSchedule Apply(AlarmSchedule alarm, JsonElement parameters, long now, AlarmOptions options)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        if (parameters.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.BadRequest(ApiMessages.Malformed + "The alarm's parameters must be a JSON object.");
        }

        // Validate the changed fields together with the stored ones by running them through the checks of CREATE.
        var merged = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var updatable = alarm.Kind switch
        {
            AlarmKind.Once => new[] { "date", "deleteAfterFire" },
            AlarmKind.Interval => ["minutes", "startDate", "stopDate"],
            _ => ["cron", "timezone", "strict", "startDate", "stopDate"],
        };
        var changed = false;
        foreach (var name in updatable)
        {
            if (parameters.TryGetProperty(name, out var value))
            {
                merged[name] = value;
                changed = true;
            }
        }

        var payloadChanged = AlarmDefinition.Truthy(parameters, "trigger_payload");
        if (!changed && !payloadChanged)
        {
            throw ApiException.BadRequest("no updatable parameters were specified");
        }

        Keep(merged, "date", alarm.Date);
        Keep(merged, "deleteAfterFire", alarm.DeleteAfterFire);
        Keep(merged, "minutes", alarm.Minutes);
        Keep(merged, "cron", alarm.Cron);
        Keep(merged, "timezone", alarm.Timezone);
        Keep(merged, "strict", alarm.Strict);
        Keep<long?>(merged, "startDate", alarm.StartDate is { } start && start > now ? start : null);
        Keep(merged, "stopDate", alarm.StopDate);
        if (alarm.Kind == AlarmKind.Once)
        {
            merged["fireOnce"] = JsonDocument.Parse("true").RootElement;
        }
        else if (alarm.Kind == AlarmKind.Interval)
        {
            merged["isInterval"] = JsonDocument.Parse("true").RootElement;
        }

        if (alarm.MaxTriggers != -1 && alarm.Kind == AlarmKind.Cron && !merged.ContainsKey("stopDate"))
        {
            merged["maxTriggers"] = JsonSerializer.SerializeToElement(alarm.MaxTriggers);
        }

        var rebuilt = AlarmDefinition.Create(JsonSerializer.SerializeToElement(merged), alarm.Namespace, alarm.Name, alarm.ApiKey, now, options);
        return rebuilt with
        {
            Payload = payloadChanged ? AlarmDefinition.Payload(parameters) : alarm.Payload,
            Fires = alarm.Fires,
        };
    }

    private static void Keep<T>(Dictionary<string, JsonElement> merged, string name, T? stored)
    {
        if (!merged.ContainsKey(name) && stored is not null)
        {
            merged[name] = JsonSerializer.SerializeToElement(stored);
        }
    }
}
