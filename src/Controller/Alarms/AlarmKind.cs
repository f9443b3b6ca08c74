namespace OpenWhisk.Controller.Alarms;

/// <summary>The three feeds of the alarms package.</summary>
public static class AlarmKind
{
    /// <summary><c>alarms/alarm</c>: a cron schedule.</summary>
    public const string Cron = "cron";

    /// <summary><c>alarms/interval</c>: every n minutes.</summary>
    public const string Interval = "interval";

    /// <summary><c>alarms/once</c>: one fire at a date.</summary>
    public const string Once = "once";
}
