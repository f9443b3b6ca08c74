using System.Text.Json.Serialization;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Spi.Activations;

/// <summary>
/// The stored record of one activation (OpenWhisk's <c>WhiskActivation</c>): <c>{namespace, name, subject,
/// activationId, start, end, duration, cause, response, logs, version, publish, annotations}</c>.
/// </summary>
public sealed record ActivationRecord
{
    /// <summary>Gets the invocation namespace (the caller's, not necessarily the action owner's).</summary>
    [JsonPropertyName("namespace")]
    public required string Namespace { get; init; }

    /// <summary>Gets the action name.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>Gets the subject that invoked the action.</summary>
    [JsonPropertyName("subject")]
    public required string Subject { get; init; }

    /// <summary>Gets the activation id.</summary>
    [JsonPropertyName("activationId")]
    public required string ActivationId { get; init; }

    /// <summary>Gets the start time, in milliseconds since the Unix epoch.</summary>
    [JsonPropertyName("start")]
    public long Start { get; init; }

    /// <summary>Gets the end time, in milliseconds since the Unix epoch (0 when not ended).</summary>
    [JsonPropertyName("end")]
    public long End { get; init; }

    /// <summary>Gets the duration in milliseconds.</summary>
    [JsonPropertyName("duration")]
    public long? Duration { get; init; }

    /// <summary>Gets the activation that caused this one, if any.</summary>
    [JsonPropertyName("cause")]
    public string? Cause { get; init; }

    /// <summary>Gets the outcome.</summary>
    [JsonPropertyName("response")]
    public required ActivationResponse Response { get; init; }

    /// <summary>Gets the log lines, each <c>"&lt;timestamp&gt; &lt;stream&gt;: &lt;line&gt;"</c>.</summary>
    [JsonPropertyName("logs")]
    public IReadOnlyList<string> Logs { get; init; } = [];

    /// <summary>Gets the version of the action that ran.</summary>
    [JsonPropertyName("version")]
    public SemVer Version { get; init; } = SemVer.Initial;

    /// <summary>Gets a value indicating whether the record is public (always false).</summary>
    [JsonPropertyName("publish")]
    public bool Publish { get; init; }

    /// <summary>Gets the annotations: <c>path</c>, <c>kind</c>, <c>limits</c>, <c>waitTime</c>, <c>initTime</c>, ...</summary>
    [JsonPropertyName("annotations")]
    public IReadOnlyList<KeyValue> Annotations { get; init; } = [];
}
