namespace OpenWhisk.Spi.Invokers;

/// <summary>OpenWhisk's text for invoker states.</summary>
public static class InvokerStateExtensions
{
    /// <summary>Returns <c>up</c>, <c>unhealthy</c>, <c>unresponsive</c> or <c>down</c>.</summary>
    /// <param name="state">The state.</param>
    /// <returns>The state's text.</returns>
    public static string ToWireString(this InvokerState state) => state switch
    {
        InvokerState.Healthy => "up",
        InvokerState.Unhealthy => "unhealthy",
        InvokerState.Unresponsive => "unresponsive",
        _ => "down",
    };

    /// <summary>Tells whether activations may be sent to an invoker in this state.</summary>
    /// <param name="state">The state.</param>
    /// <returns><see langword="true"/> for <see cref="InvokerState.Healthy"/>.</returns>
    public static bool IsUsable(this InvokerState state) => state == InvokerState.Healthy;
}
