using System.Text.Json.Serialization;

namespace OpenWhisk.Spi.Entities;

/// <summary>
/// The limits of an action, serialized as <c>{"timeout": ms, "memory": MB, "logs": MB, "concurrency": n}</c>.
/// </summary>
public sealed record ActionLimits
{
    /// <summary>Gets OpenWhisk's default limits: 60 s, 256 MB, 10 MB of logs, one activation per container.</summary>
    public static ActionLimits Default { get; } = new();

    /// <summary>Gets the time limit of one activation, in milliseconds.</summary>
    [JsonPropertyName("timeout")]
    public int TimeoutMs { get; init; } = 60_000;

    /// <summary>Gets the memory limit of the action's container, in megabytes.</summary>
    [JsonPropertyName("memory")]
    public int MemoryMb { get; init; } = 256;

    /// <summary>Gets the log limit of one activation, in megabytes.</summary>
    [JsonPropertyName("logs")]
    public int LogsMb { get; init; } = 10;

    /// <summary>Gets how many activations one container may run at once.</summary>
    [JsonPropertyName("concurrency")]
    public int Concurrency { get; init; } = 1;

    /// <summary>Gets the time limit as a <see cref="TimeSpan"/>.</summary>
    [JsonIgnore]
    public TimeSpan Timeout => TimeSpan.FromMilliseconds(TimeoutMs);
}
