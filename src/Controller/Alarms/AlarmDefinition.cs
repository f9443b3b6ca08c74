using System.Globalization;
using System.Text.Json;
using OpenWhisk.Controller.Api;
using OpenWhisk.Spi;

namespace OpenWhisk.Controller.Alarms;

/// <summary>
/// Turns the parameters a feed action passes on CREATE into an alarm, with the checks and messages of OpenWhisk's
/// alarms package, in its order. <c>fireOnce</c> makes a once-alarm, <c>isInterval</c> an interval, else a cron.
/// </summary>
public static class AlarmDefinition
{
    public static AlarmSchedule Create(JsonElement parameters, string ns, string name, string apiKey, long now, AlarmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (parameters.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.BadRequest(ApiMessages.Malformed + "The alarm's parameters must be a JSON object.");
        }

        var alarm = new AlarmSchedule
        {
            Namespace = ns,
            Name = name,
            Kind = Truthy(parameters, "fireOnce") ? AlarmKind.Once : Truthy(parameters, "isInterval") ? AlarmKind.Interval : AlarmKind.Cron,
            Payload = Payload(parameters),
            ApiKey = apiKey,
            Status = new AlarmStatus(true, now),
            Created = now,
            Updated = now,
        };
        return alarm.Kind switch
        {
            AlarmKind.Once => Once(alarm, parameters, now),
            AlarmKind.Interval => Interval(alarm, parameters, now),
            _ => Cron(alarm, parameters, now, options),
        };
    }

    /// <summary><c>trigger_payload</c>: a text becomes <c>{"payload": text}</c>, an object is kept, anything else is <c>{}</c>.</summary>
    public static JsonElement Payload(JsonElement parameters)
    {
        if (!parameters.TryGetProperty("trigger_payload", out var payload))
        {
            return JsonDocument.Parse("{}").RootElement;
        }

        return payload.ValueKind switch
        {
            JsonValueKind.Object => payload.Clone(),
            JsonValueKind.String => JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["payload"] = payload.GetString()! }, OpenWhiskJson.Options),
            _ => JsonDocument.Parse("{}").RootElement,
        };
    }

    public static bool Truthy(JsonElement parameters, string name) =>
        parameters.TryGetProperty(name, out var value) && value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.Number => value.GetDouble() != 0,
            JsonValueKind.String => value.GetString()!.Length > 0,
            JsonValueKind.Object or JsonValueKind.Array => true,
            _ => false,
        };

    private static AlarmSchedule Once(AlarmSchedule alarm, JsonElement parameters, long now)
    {
        if (!parameters.TryGetProperty("date", out var date) || date.ValueKind == JsonValueKind.Null)
        {
            throw ApiException.BadRequest("alarms once trigger feed is missing the date parameter");
        }

        alarm = alarm with { Date = AlarmDates.Future(parameters, "date", now) };
        if (Truthy(parameters, "deleteAfterFire"))
        {
            var choice = parameters.GetProperty("deleteAfterFire");
            var text = (choice.ValueKind == JsonValueKind.String ? choice.GetString()! : choice.GetRawText()).Trim().ToLowerInvariant();
            alarm = text is "false" or "true" or "rules"
                ? alarm with { DeleteAfterFire = text }
                : throw ApiException.BadRequest("deleteAfterFire parameter must be one of [false, true, rules].");
        }

        return alarm;
    }

    private static AlarmSchedule Interval(AlarmSchedule alarm, JsonElement parameters, long now)
    {
        if (!Truthy(parameters, "minutes"))
        {
            throw ApiException.BadRequest("interval trigger feed is missing the minutes parameter");
        }

        var given = parameters.GetProperty("minutes");
        var text = given.ValueKind == JsonValueKind.String ? given.GetString()! : given.GetRawText();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number != Math.Floor(number) || Math.Abs(number) > int.MaxValue)
        {
            throw ApiException.BadRequest("the minutes parameter must be an integer");
        }

        if (number <= 0)
        {
            throw ApiException.BadRequest("the minutes parameter must be an integer greater than zero");
        }

        var start = AlarmDates.Future(parameters, "startDate", now);
        if (parameters.TryGetProperty("maxTriggers", out _) && parameters.TryGetProperty("stopDate", out _))
        {
            throw ApiException.BadRequest("maxTriggers is not supported for the interval trigger feed");
        }

        var stop = StopDate(parameters, start, now);
        return alarm with { Minutes = (int)number, StartDate = start ?? now + 30_000, StopDate = stop };
    }

    private static AlarmSchedule Cron(AlarmSchedule alarm, JsonElement parameters, long now, AlarmOptions options)
    {
        if (!parameters.TryGetProperty("cron", out var cronElement) || cronElement.ValueKind != JsonValueKind.String)
        {
            throw ApiException.BadRequest("alarms trigger feed is missing the cron parameter");
        }

        var cron = cronElement.GetString()!;
        if (AlarmTimes.ParseCron(cron) is null)
        {
            throw ApiException.BadRequest($"cron pattern '{cron}' is not valid");
        }

        var timezone = parameters.TryGetProperty("timezone", out var tz) && tz.ValueKind == JsonValueKind.String ? tz.GetString() : null;
        if (AlarmTimes.Zone(timezone) is null)
        {
            throw ApiException.BadRequest("Invalid timezone.");
        }

        var fields = cron.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (options.LimitCronFields && fields.Length == 6 && fields[0] != "0")
        {
            throw ApiException.BadRequest("cron pattern is limited to 5 fields with 1 minute as the finest granularity");
        }

        var start = AlarmDates.Future(parameters, "startDate", now);
        var maxTriggers = MaxTriggers(parameters);
        if (maxTriggers != -1 && parameters.TryGetProperty("stopDate", out _))
        {
            throw ApiException.BadRequest("maxTriggers is not allowed when the stopDate parameter is specified");
        }

        var stop = StopDate(parameters, start, now);
        var strict = parameters.TryGetProperty("strict", out var s) ? Truthy(parameters, "strict") : (bool?)null;
        alarm = alarm with { Cron = cron, Timezone = timezone, Strict = strict, StartDate = start, StopDate = stop, MaxTriggers = maxTriggers };
        if (stop is not null && AlarmTimes.Next(alarm with { StopDate = null }, now) is { } first && first > stop)
        {
            throw ApiException.BadRequest("the first scheduled trigger fire is not until after the stop date");
        }

        return alarm;
    }

    private static long? StopDate(JsonElement parameters, long? start, long now)
    {
        var stop = AlarmDates.Future(parameters, "stopDate", now);
        if (stop is { } end && start is { } begin && end <= begin)
        {
            var text = parameters.GetProperty("stopDate");
            var startText = parameters.GetProperty("startDate");
            throw ApiException.BadRequest($"stopDate parameter '{Text(text)}' must be greater than the startDate parameter '{Text(startText)}'");
        }

        return stop;
    }

    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    /// <summary><c>maxTriggers</c>: an integer, -1 (the default) for no limit; 400 for anything else.</summary>
    private static int MaxTriggers(JsonElement parameters)
    {
        if (!parameters.TryGetProperty("maxTriggers", out var max) || max.ValueKind == JsonValueKind.Null)
        {
            return -1;
        }

        return max.ValueKind == JsonValueKind.Number && max.TryGetInt32(out var count) && count >= -1
            ? count
            : throw ApiException.BadRequest("maxTriggers parameter must be an integer of at least -1");
    }
}
