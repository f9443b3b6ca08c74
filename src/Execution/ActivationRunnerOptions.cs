using System.ComponentModel.DataAnnotations;

namespace OpenWhisk.Execution;

/// <summary>Response limits of activations (OpenWhisk's <c>whisk.activation.payload</c>) and how records are stored (section <c>Activations</c>).</summary>
public sealed class ActivationRunnerOptions
{
    /// <summary>Gets or sets the largest result read whole, in bytes (default 1 MB); larger results are truncated.</summary>
    [Range(1024, int.MaxValue)]
    public int MaxResponseBytes { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets how much of a too-large result is kept, in bytes (default 1 MB).</summary>
    [Range(0, int.MaxValue)]
    public int TruncationBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Gets or sets how long one attempt to store a record may take before the record is spooled to disk instead (and
    /// the completion sent without waiting for the store).
    /// </summary>
    public TimeSpan StoreAttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets the folder where records wait while the activation store is unavailable (relative paths are
    /// taken from the working directory); processes that share it store each other's leftovers at startup.
    /// </summary>
    [Required]
    public string SpoolDirectory { get; set; } = Path.Combine("data", "activation-spool");

    /// <summary>Gets or sets which records are stored (default <see cref="ActivationStoreLevel.Always"/>).</summary>
    public ActivationStoreLevel Store { get; set; } = ActivationStoreLevel.Always;

    /// <summary>Returns whether a record with <paramref name="status"/> is stored at this level.</summary>
    /// <param name="status">The record's status.</param>
    /// <returns>Whether to store it.</returns>
    public bool Stores(Spi.Activations.ActivationStatus status) => Store switch
    {
        ActivationStoreLevel.Always => true,
        ActivationStoreLevel.Failures => status != Spi.Activations.ActivationStatus.Success,
        ActivationStoreLevel.FailuresNotApplicationErrors => status is Spi.Activations.ActivationStatus.DeveloperError or Spi.Activations.ActivationStatus.WhiskError,
        _ => false,
    };
}
