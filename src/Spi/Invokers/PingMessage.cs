using System.Text.Json.Serialization;

namespace OpenWhisk.Spi.Invokers;

/// <summary>An invoker's heartbeat on topic <c>health</c>: <c>{"name": &lt;invoker id&gt;, "isEnabled": true}</c>.</summary>
/// <param name="Name">The invoker that pings.</param>
/// <param name="IsEnabled">False when the invoker was disabled and wants no more work.</param>
/// <param name="Incarnation">
/// An id the invoker process picks at startup (absent from OpenWhisk's own invokers): a new value for a known invoker
/// tells controllers that it restarted and that the activations its predecessor held are lost.
/// </param>
public sealed record PingMessage(
    [property: JsonPropertyName("name")] InvokerInstanceId Name,
    [property: JsonPropertyName("isEnabled")] bool IsEnabled = true,
    [property: JsonPropertyName("incarnation"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Incarnation = null)
{
    /// <summary>The topic invokers ping on.</summary>
    public const string Topic = "health";

    /// <summary>
    /// Gets what the invoker's pool holds (absent from OpenWhisk's own invokers, and from pings that disable): the
    /// controller's <c>/invokers/pool</c> and the console show it.
    /// </summary>
    [JsonPropertyName("pool")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public InvokerPoolStatus? Pool { get; init; }
}
