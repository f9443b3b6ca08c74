using OpenWhisk.Controller.Entities;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Controller.Alarms;

/// <summary>
/// One look at every alarm: each one that is due is claimed (its last tick written with the revision read, so of
/// several controllers sharing the store exactly one fires it) and fired. Ticks missed while no controller ran are
/// not replayed, only counted in a log line. After a fire, OpenWhisk's alarms rules apply: a trigger that is gone or
/// refused (a 4xx other than 408, 409, 429) disables the alarm; a once-alarm is disabled or deletes its trigger; an
/// alarm past its stop date or out of <c>maxTriggers</c> is disabled.
/// </summary>
public sealed partial class AlarmTicker(AlarmStore alarms, IAlarmTarget target, TimeProvider timeProvider, ILogger<AlarmTicker> logger)
{
    /// <summary>Fires what is due now; returns how many alarms fired.</summary>
    public async Task<int> TickAsync(CancellationToken cancellationToken)
    {
        var fired = 0;
        foreach (var alarm in await alarms.ListAllAsync(cancellationToken))
        {
            try
            {
                if (alarm.Status.Active && AlarmTimes.Due(alarm, alarm.LastFired ?? alarm.Created, Now()) is not null
                    && await ClaimAndFireAsync(AlarmStore.DocId(alarm.Namespace, alarm.Name), cancellationToken))
                {
                    fired++;
                }
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // One alarm's failure never holds back the others.
                LogAlarmFailed(logger, alarm.TriggerName, exception);
            }
        }

        return fired;
    }

    private async Task<bool> ClaimAndFireAsync(string docId, CancellationToken cancellationToken)
    {
        var now = Now();
        var stored = await alarms.GetAsync(docId, cancellationToken);
        if (stored is null || !stored.Entity.Status.Active || AlarmTimes.Due(stored.Entity, stored.Entity.LastFired ?? stored.Entity.Created, now) is not { } due)
        {
            return false;
        }

        var alarm = stored.Entity;
        var claimed = alarm with
        {
            LastFired = due.Tick,
            Fires = alarm.Fires + 1,
            MaxTriggers = alarm.MaxTriggers > 0 ? alarm.MaxTriggers - 1 : alarm.MaxTriggers,
            Updated = now,
        };
        Stored<AlarmSchedule> mine;
        try
        {
            mine = await alarms.PutAsync(claimed, stored.Revision, cancellationToken);
        }
        catch (DocumentConflictException)
        {
            return false;
        }

        if (due.Missed > 0)
        {
            LogMissed(logger, alarm.TriggerName, due.Missed);
        }

        var status = await target.FireAsync(claimed, cancellationToken);
        await AfterFireAsync(mine, status, cancellationToken);
        return true;
    }

    private async Task AfterFireAsync(Stored<AlarmSchedule> stored, int status, CancellationToken cancellationToken)
    {
        var alarm = stored.Entity;
        string? disabled = null;
        if (status is >= 400 and < 500 and not (408 or 409 or 429))
        {
            disabled = $"Trigger automatically disabled: Received a {status} status code when firing the trigger";
        }
        else if (alarm.Kind == AlarmKind.Once)
        {
            if (alarm.DeleteAfterFire is "true" or "rules")
            {
                await target.RemoveTriggerAsync(alarm, alarm.DeleteAfterFire == "rules", cancellationToken);
                await WriteUnlessChangedAsync(() => alarms.DeleteAsync(AlarmStore.DocId(alarm.Namespace, alarm.Name), stored.Revision, cancellationToken));
                return;
            }

            disabled = "Automatically disabled after firing once";
        }
        else if (alarm.MaxTriggers == 0)
        {
            disabled = "Automatically disabled after reaching max triggers";
        }
        else if (alarm.StopDate is not null && AlarmTimes.Next(alarm, alarm.LastFired!.Value) is null)
        {
            disabled = $"Automatically disabled after firing last scheduled {(alarm.Kind == AlarmKind.Cron ? "cron" : "interval")} trigger";
        }

        if (disabled is not null)
        {
            var reason = new AlarmStatusReason("AUTO", status, disabled);
            if (await WriteUnlessChangedAsync(() => alarms.PutAsync(alarm with { Status = new AlarmStatus(false, Now(), reason) }, stored.Revision, cancellationToken)))
            {
                LogDisabled(logger, alarm.TriggerName, disabled);
            }
        }
    }

    /// <summary>Writes unless the alarm was changed (updated or deleted by its owner) since the claim: theirs wins.</summary>
    private static async Task<bool> WriteUnlessChangedAsync(Func<Task> write)
    {
        try
        {
            await write();
            return true;
        }
        catch (DocumentConflictException)
        {
            return false;
        }
    }

    private long Now() => timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alarm of {Trigger} missed {Missed} ticks (counted up to 10000) while no controller was running; they are not replayed")]
    private static partial void LogMissed(ILogger logger, string trigger, long missed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alarm of {Trigger} could not be checked or fired at this tick")]
    private static partial void LogAlarmFailed(ILogger logger, string trigger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alarm of {Trigger} disabled: {Reason}")]
    private static partial void LogDisabled(ILogger logger, string trigger, string reason);
}
