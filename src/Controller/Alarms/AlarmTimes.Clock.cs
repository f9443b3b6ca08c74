using Cronos;

namespace OpenWhisk.Controller.Alarms;

/// <content>The ticks of one alarm, with its cron parsed once.</content>
public static partial class AlarmTimes
{
    private readonly struct Clock
    {
        private readonly AlarmSchedule alarm;
        private readonly CronExpression? expression;
        private readonly TimeZoneInfo? zone;

        public Clock(AlarmSchedule alarm)
        {
            this.alarm = alarm;
            if (alarm.Kind == AlarmKind.Cron)
            {
                expression = ParseCron(alarm.Cron!);
                zone = Zone(alarm.Timezone);
            }
        }

        public long? Next(long after)
        {
            long? next = alarm.Kind switch
            {
                AlarmKind.Once => alarm.Date > after ? alarm.Date : null,
                AlarmKind.Interval => NextInterval(after),
                _ => NextCron(after),
            };
            return next is { } tick && alarm.StopDate is { } stop && tick > stop ? null : next;
        }

        /// <summary>
        /// The last tick at or before <paramref name="now"/> after <paramref name="after"/> (one is known to exist):
        /// found from the shortest of growing windows back from now that holds a tick, so a long outage is not
        /// walked through tick by tick.
        /// </summary>
        public long LastUpTo(long after, long now)
        {
            var from = after;
            for (var window = 1_000L; now - window > after; window *= 4)
            {
                if (Next(now - window) is { } tick && tick <= now)
                {
                    from = now - window;
                    break;
                }
            }

            var last = Next(from)!.Value;
            while (Next(last) is { } later && later <= now)
            {
                last = later;
            }

            return last;
        }

        /// <summary>How many ticks lie from <paramref name="first"/> up to before <paramref name="last"/>, at most <see cref="MissedCountLimit"/>.</summary>
        public long CountBetween(long first, long last)
        {
            long count = 0;
            for (var tick = first; tick < last && count < MissedCountLimit; tick = Next(tick) ?? last)
            {
                count++;
            }

            return count;
        }

        private long? NextInterval(long after)
        {
            var period = alarm.Minutes!.Value * 60_000L;
            var start = alarm.StartDate ?? alarm.Created;
            return after < start ? start : start + ((((after - start) / period) + 1) * period);
        }

        private long? NextCron(long after)
        {
            if (expression is null || zone is null)
            {
                return null;
            }

            var from = alarm.StartDate is { } start ? Math.Max(after, start - 1) : after;
            var next = expression.GetNextOccurrence(DateTimeOffset.FromUnixTimeMilliseconds(from).UtcDateTime, zone);
            return next is { } utc ? new DateTimeOffset(utc).ToUnixTimeMilliseconds() : null;
        }
    }
}
