using System.Text.Json.Serialization;

namespace OpenWhisk.Plugins.Kafka.Balancing;

/// <summary>A controller's announcement on topic <c>controllers</c>: it is alive (or, with <see cref="Leaving"/>, stopping).</summary>
/// <param name="Controller">The controller's instance id.</param>
/// <param name="Incarnation">An id the controller process picks at startup.</param>
/// <param name="SentAtMs">When it was sent (Unix milliseconds), so that old announcements read later count for nothing.</param>
/// <param name="Leaving">True in the last announcement of a controller that stops.</param>
internal sealed record ControllerHeartbeat(
    [property: JsonPropertyName("controller")] string Controller,
    [property: JsonPropertyName("incarnation")] string Incarnation,
    [property: JsonPropertyName("sentAt")] long SentAtMs,
    [property: JsonPropertyName("leaving")] bool Leaving = false)
{
    /// <summary>The topic controllers announce themselves on.</summary>
    public const string Topic = "controllers";
}
