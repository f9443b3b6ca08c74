using System.Text.Json.Serialization;

namespace OpenWhisk.Spi.Entities;

/// <summary>
/// Per-namespace overrides of the system limits (OpenWhisk's <c>UserLimits</c>). Unset values use the
/// system defaults.
/// </summary>
public sealed record UserLimits
{
    /// <summary>Gets the allowed invocations per minute.</summary>
    [JsonPropertyName("invocationsPerMinute")]
    public int? InvocationsPerMinute { get; init; }

    /// <summary>Gets the allowed concurrent invocations.</summary>
    [JsonPropertyName("concurrentInvocations")]
    public int? ConcurrentInvocations { get; init; }

    /// <summary>Gets the allowed trigger fires per minute.</summary>
    [JsonPropertyName("firesPerMinute")]
    public int? FiresPerMinute { get; init; }

    /// <summary>Gets whether activation records of this namespace are stored (default true).</summary>
    [JsonPropertyName("storeActivations")]
    public bool? StoreActivations { get; init; }
}
