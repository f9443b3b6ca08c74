namespace OpenWhisk.Common.Telemetry;

/// <summary>The names of the meters the platform's hosts export; plugins may add meters named <c>OpenWhisk.*</c>.</summary>
public static class MeterNames
{
    /// <summary>Every meter whose name starts with <c>OpenWhisk.</c>.</summary>
    public const string All = "OpenWhisk.*";

    /// <summary>Per-action metrics with OpenWhisk's user-event names, recorded where records are stored.</summary>
    public const string Activations = "OpenWhisk.Activations";

    /// <summary>The invoker: its pool's containers and memory, the activations it holds.</summary>
    public const string Invoker = "OpenWhisk.Invoker";

    /// <summary>The controller: throttles, balancers, invoker health.</summary>
    public const string Controller = "OpenWhisk.Controller";

    /// <summary>Activation and artifact store calls.</summary>
    public const string Stores = "OpenWhisk.Stores";
}
