using System.ComponentModel.DataAnnotations;

namespace OpenWhisk.Common.Stores;

/// <summary>How long activation records are kept (section <c>Activations</c>); off by default, as in OpenWhisk.</summary>
public sealed class ActivationRetentionOptions : IValidatableObject
{
    /// <summary>The shortest window: longer than any journal note of an activation in flight lives (hours, for the longest sequences).</summary>
    public static readonly TimeSpan MinimumWindow = TimeSpan.FromDays(1);

    /// <summary>
    /// Gets or sets how long records are kept, counted from their activation's start (<c>7d</c>, <c>36h</c>, or a
    /// TimeSpan; at least a day); empty (the default) keeps them forever.
    /// </summary>
    public string? Retention { get; set; }

    /// <summary>Gets or sets how often the purge runs (default 10 minutes).</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets how many records one delete removes (default 500); batches keep writers from waiting long.</summary>
    [Range(1, 100_000)]
    public int RetentionBatchSize { get; set; } = 500;

    /// <summary>Gets the window, or null when records are kept forever.</summary>
    public TimeSpan? Window => RetentionDurationText.TryParse(Retention, out var window) ? window : null;

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Retention))
        {
            yield break;
        }

        if (Window is not { } window)
        {
            yield return new ValidationResult($"Activations:Retention '{Retention}' is not a duration such as 7d, 36h or 1.00:00:00.", [nameof(Retention)]);
        }
        else if (window < MinimumWindow)
        {
            yield return new ValidationResult($"Activations:Retention must be at least {MinimumWindow.TotalHours:0} hours (journal notes of activations in flight live up to hours).", [nameof(Retention)]);
        }

        if (RetentionInterval < TimeSpan.FromSeconds(1) || RetentionInterval > TimeSpan.FromDays(1))
        {
            yield return new ValidationResult("Activations:RetentionInterval must be between 1 second and 1 day.", [nameof(RetentionInterval)]);
        }
    }
}
