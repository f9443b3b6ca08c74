using System.Text.Json.Nodes;

namespace OpenWhisk.Controller.Alarms;

/// <summary>What a feed's READ returns, as OpenWhisk's alarms do: <c>{config: {...}, status: {...}}</c>.</summary>
public static class AlarmView
{
    public static JsonObject Read(AlarmSchedule alarm)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        var config = new JsonObject
        {
            ["name"] = alarm.Name,
            ["namespace"] = alarm.Namespace,
            ["payload"] = alarm.Payload is { } payload ? JsonNode.Parse(payload.GetRawText()) : new JsonObject(),
            ["strict"] = alarm.Strict ?? false,
        };
        if (alarm.Kind == AlarmKind.Once)
        {
            config["date"] = alarm.Date;
            config["deleteAfterFire"] = alarm.DeleteAfterFire ?? "false";
        }
        else
        {
            config["startDate"] = alarm.StartDate;
            config["stopDate"] = alarm.StopDate;
            if (alarm.Kind == AlarmKind.Interval)
            {
                config["minutes"] = alarm.Minutes;
            }
            else
            {
                config["cron"] = alarm.Cron;
                config["timezone"] = alarm.Timezone;
            }
        }

        var status = new JsonObject
        {
            ["active"] = alarm.Status.Active,
            ["dateChanged"] = alarm.Status.DateChanged,
            ["dateChangedISO"] = AlarmDates.Iso(alarm.Status.DateChanged),
        };
        if (alarm.Status.Reason is { } reason)
        {
            status["reason"] = new JsonObject { ["kind"] = reason.Kind, ["statusCode"] = reason.StatusCode, ["message"] = reason.Message };
        }

        return new JsonObject { ["config"] = config, ["status"] = status };
    }
}
