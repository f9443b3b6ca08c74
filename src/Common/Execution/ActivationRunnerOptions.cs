using System.ComponentModel.DataAnnotations;

namespace OpenWhisk.Common.Execution;

/// <summary>Response limits of activations (OpenWhisk's <c>whisk.activation.payload</c>).</summary>
public sealed class ActivationRunnerOptions
{
    /// <summary>Gets or sets the largest result read whole, in bytes (default 1 MB); larger results are truncated.</summary>
    [Range(1024, int.MaxValue)]
    public int MaxResponseBytes { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets how much of a too-large result is kept, in bytes (default 1 MB).</summary>
    [Range(0, int.MaxValue)]
    public int TruncationBytes { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets how long the invoker keeps trying to store a record while the activation store is unavailable.</summary>
    public TimeSpan StoreRetryTime { get; set; } = TimeSpan.FromMinutes(5);
}
