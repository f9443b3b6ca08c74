namespace OpenWhisk.Plugins.LogStores;

/// <summary>Settings of the <c>logdriver</c> log store (section <c>Logs:LogDriver</c>).</summary>
public sealed class LogDriverOptions
{
    /// <summary>
    /// Gets or sets the engine's log driver for action containers (<c>fluentd</c>, <c>gelf</c>, <c>splunk</c>,
    /// <c>syslog</c>, <c>journald</c>, <c>awslogs</c>, <c>local</c>, …); it must be available on every engine.
    /// Required when the store is selected (other stores do not read it, so it is checked by the store).
    /// </summary>
    public string Driver { get; set; } = string.Empty;

    /// <summary>Gets or sets the driver's options, for example <c>fluentd-address</c> or <c>tag</c>.</summary>
    public Dictionary<string, string> Options { get; set; } = [];
}
