namespace OpenWhisk.Spi.Invokers;

/// <summary>The health of an invoker as the controller sees it.</summary>
public enum InvokerState
{
    /// <summary>Pinging and completing test activations: usable (<c>up</c>).</summary>
    Healthy,

    /// <summary>Pinging, but system errors in recent activations (<c>unhealthy</c>).</summary>
    Unhealthy,

    /// <summary>Pinging, but activations time out (<c>unresponsive</c>).</summary>
    Unresponsive,

    /// <summary>No pings for a while, or disabled (<c>down</c>).</summary>
    Offline,
}
