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
        return new Clock(alarm).Next(after);
    }

    /// <summary>
    /// The last tick at or before <paramref name="now"/> that comes after <paramref name="after"/>, and how many
    /// earlier ones it passes over (ticks missed while no controller ran, counted up to <see cref="MissedCountLimit"/>);
    /// null when none is due.
    /// </summary>
    public static (long Tick, long Missed)? Due(AlarmSchedule alarm, long after, long now)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        var clock = new Clock(alarm);
        if (clock.Next(after) is not { } first || first > now)
        {
            return null;
        }

        switch (alarm.Kind)
        {
            case AlarmKind.Interval:
                var period = alarm.Minutes!.Value * 60_000L;
                var passed = (now - first) / period;
                return (first + (passed * period), passed);
            case AlarmKind.Cron:
                var last = clock.LastUpTo(after, now);
                return (last, clock.CountBetween(first, last));
            default:
                return (first, 0);
        }
    }

    /// <summary>Gets how many missed ticks <see cref="Due"/> counts at most.</summary>
    public static int MissedCountLimit => 10_000;

    /// <summary>Shifts the month numbers of one list item (<c>0-5/2</c> → <c>1-6/2</c>); a step stays as it is.</summary>
    private static string OneBasedMonths(string item)
    {
        var slash = item.IndexOf('/', StringComparison.Ordinal);
        var range = slash < 0 ? item : item[..slash];
        var shifted = MonthNumber().Replace(range, m => int.TryParse(m.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            ? (month + 1).ToString(CultureInfo.InvariantCulture)
            : m.Value);
        return slash < 0 ? shifted : shifted + item[slash..];
    }

    [GeneratedRegex(@"\d+", RegexOptions.CultureInvariant)]
    private static partial Regex MonthNumber();
}
