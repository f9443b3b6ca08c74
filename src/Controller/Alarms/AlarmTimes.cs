using System.Globalization;
using System.Text.RegularExpressions;
using Cronos;

namespace OpenWhisk.Controller.Alarms;

/// <summary>
/// When an alarm fires: the ticks of a cron (5 fields, or 6 with seconds first; months written 0–11 as in the npm
/// <c>cron</c> package OpenWhisk's alarms use, days of the week 0–6 from Sunday), of an interval counted from its
/// start date, or the one date of a once-alarm, between its start and stop dates.
/// </summary>
public static partial class AlarmTimes
{
    /// <summary>Parses a cron as OpenWhisk's alarms read it; null when it is not valid.</summary>
    public static CronExpression? ParseCron(string cron)
    {
        ArgumentNullException.ThrowIfNull(cron);
        var fields = cron.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is not (5 or 6))
        {
            return null;
        }

        var month = fields.Length - 2;
        fields[month] = string.Join(',', fields[month].Split(',').Select(OneBasedMonths));
        return CronExpression.TryParse(string.Join(' ', fields), fields.Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard, out var expression)
            ? expression
            : null;
    }

    /// <summary>Finds a time zone by its IANA name; null when there is none.</summary>
    public static TimeZoneInfo? Zone(string? timezone)
    {
        if (string.IsNullOrEmpty(timezone))
        {
            return TimeZoneInfo.Utc;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(timezone, out var zone) ? zone : null;
    }

    /// <summary>The first tick strictly after <paramref name="after"/> (epoch ms), or null when there is none any more.</summary>
    public static long? Next(AlarmSchedule alarm, long after)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        long? next = alarm.Kind switch
        {
            AlarmKind.Once => alarm.Date > after ? alarm.Date : null,
            AlarmKind.Interval => NextInterval(alarm, after),
            _ => NextCron(alarm, after),
        };
        return next is { } tick && alarm.StopDate is { } stop && tick > stop ? null : next;
    }

    /// <summary>
    /// The last tick at or before <paramref name="now"/> that comes after <paramref name="after"/>, and how many
    /// earlier ones it passes over (ticks missed while no controller ran); null when none is due.
    /// </summary>
    public static (long Tick, long Missed)? Due(AlarmSchedule alarm, long after, long now)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        if (Next(alarm, after) is not { } first || first > now)
        {
            return null;
        }

        var tick = first;
        long missed = 0;
        if (alarm.Kind == AlarmKind.Interval)
        {
            var period = alarm.Minutes!.Value * 60_000L;
            missed = (now - first) / period;
            tick = first + (missed * period);
        }
        else if (alarm.Kind == AlarmKind.Cron)
        {
            // Count at most a day of second ticks; further back only the count is cut short.
            while (missed < 86_400 && Next(alarm, tick) is { } later && later <= now)
            {
                tick = later;
                missed++;
            }
        }

        return (tick, missed);
    }

    /// <summary>Shifts the month numbers of one list item (<c>0-5/2</c> → <c>1-6/2</c>); a step stays as it is.</summary>
    private static string OneBasedMonths(string item)
    {
        var slash = item.IndexOf('/', StringComparison.Ordinal);
        var range = slash < 0 ? item : item[..slash];
        var shifted = MonthNumber().Replace(range, m => (int.Parse(m.Value, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture));
        return slash < 0 ? shifted : shifted + item[slash..];
    }

    private static long? NextInterval(AlarmSchedule alarm, long after)
    {
        var period = alarm.Minutes!.Value * 60_000L;
        var start = alarm.StartDate ?? alarm.Created;
        if (after < start)
        {
            return start;
        }

        return start + (((after - start) / period) + 1) * period;
    }

    private static long? NextCron(AlarmSchedule alarm, long after)
    {
        var expression = ParseCron(alarm.Cron!);
        var zone = Zone(alarm.Timezone);
        if (expression is null || zone is null)
        {
            return null;
        }

        var from = alarm.StartDate is { } start ? Math.Max(after, start - 1) : after;
        var next = expression.GetNextOccurrence(DateTimeOffset.FromUnixTimeMilliseconds(from).UtcDateTime, zone);
        return next is { } utc ? new DateTimeOffset(utc).ToUnixTimeMilliseconds() : null;
    }

    [GeneratedRegex(@"\d+", RegexOptions.CultureInvariant)]
    private static partial Regex MonthNumber();
}
