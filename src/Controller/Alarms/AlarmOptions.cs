namespace OpenWhisk.Controller.Alarms;

/// <summary>The built-in alarms provider (section <c>Alarms</c>).</summary>
public sealed class AlarmOptions
{
    /// <summary>Gets or sets a value indicating whether this controller fires alarms (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets how often the controller looks for alarms that are due (default 1 s, the finest cron tick).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets or sets a value indicating whether crons are limited to 5 fields (a tick a minute at the finest), as
    /// OpenWhisk's <c>limitCronFields</c> does (default false: a 6th, leading, seconds field is allowed).
    /// </summary>
    public bool LimitCronFields { get; set; }
}
