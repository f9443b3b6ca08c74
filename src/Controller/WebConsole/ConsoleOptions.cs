using System.ComponentModel.DataAnnotations;

namespace OpenWhisk.Controller.WebConsole;

/// <summary>The web console at <c>/console</c> and the pool view behind it (section <c>Console</c>).</summary>
public sealed class ConsoleOptions
{
    /// <summary>Gets or sets a value indicating whether the controller serves the console at <c>/console</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Gets or sets the namespaces whose keys may read every invoker's pool (<c>GET /invokers/pool</c>, the console's
    /// Pool page).
    /// </summary>
    public IList<string> AdminNamespaces { get; set; } = ["whisk.system"];

    /// <summary>Gets or sets how much history of activation rates and durations <c>/invokers/pool</c> keeps.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan History { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the width of one step of that history.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Step { get; set; } = TimeSpan.FromSeconds(5);
}
