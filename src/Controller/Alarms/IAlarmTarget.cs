namespace OpenWhisk.Controller.Alarms;

/// <summary>What an alarm acts on: its trigger.</summary>
public interface IAlarmTarget
{
    /// <summary>Fires the alarm's trigger with its payload and key; returns the HTTP status a fire request would get.</summary>
    Task<int> FireAsync(AlarmSchedule alarm, CancellationToken cancellationToken);

    /// <summary>Deletes the alarm's trigger (a once-alarm with <c>deleteAfterFire</c>), and its rules when asked.</summary>
    Task RemoveTriggerAsync(AlarmSchedule alarm, bool withRules, CancellationToken cancellationToken);
}
