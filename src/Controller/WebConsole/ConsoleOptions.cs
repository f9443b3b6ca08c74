using System.ComponentModel.DataAnnotations;

namespace OpenWhisk.Controller.WebConsole;

/// <summary>The web console at <c>/console</c> and the pool view behind it (section <c>Console</c>).</summary>
public sealed class ConsoleOptions
{
    /// <summary>Gets or sets a value indicating whether the controller serves the console at <c>/console</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The admin namespace when <see cref="AdminNamespaces"/> names none.</summary>
    public const string DefaultAdminNamespace = "whisk.system";

    /// <summary>
    /// Gets or sets the namespaces whose keys may read every invoker's pool (<c>GET /invokers/pool</c>, the console's
    /// Pool page); empty means <see cref="DefaultAdminNamespace"/> (a default in the list itself could not be replaced:
    /// configuration binding adds to a list).
    /// </summary>
    public IList<string> AdminNamespaces { get; set; } = [];

    /// <summary>Gets the admin namespaces in effect.</summary>
    public IReadOnlyList<string> EffectiveAdminNamespaces => AdminNamespaces.Count == 0 ? [DefaultAdminNamespace] : [.. AdminNamespaces];

    /// <summary>
    /// Gets or sets the port the console is served on, on its own origin (same host as the API); unset serves it on
    /// the API's port. Web actions and API routes serve tenants' pages from the API's origin, where a page could read
    /// a key the console keeps in the same tab: a platform shared by tenants who do not trust each other gives the
    /// console a port of its own.
    /// </summary>
    [Range(1, 65535)]
    public int? Port { get; set; }

    /// <summary>
    /// Gets or sets the API's URL as the browser reaches it, when the console has a port of its own (default: the
    /// console page's host name with the API's port).
    /// </summary>
    public string? ApiUrl { get; set; }

    /// <summary>Gets or sets how much history of activation rates and durations <c>/invokers/pool</c> keeps.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan History { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the width of one step of that history.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Step { get; set; } = TimeSpan.FromSeconds(5);
}
