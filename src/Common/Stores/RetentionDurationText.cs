using System.Globalization;

namespace OpenWhisk.Common.Stores;

/// <summary>Durations written the way operators write them: <c>7d</c>, <c>12h</c>, <c>30m</c>, <c>45s</c>, or a TimeSpan (<c>1.00:00:00</c>).</summary>
public static class RetentionDurationText
{
    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <param name="text">The duration.</param>
    /// <param name="duration">The parsed duration.</param>
    /// <returns>Whether it is a non-negative duration in one of the forms.</returns>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return false;
        }

        var unit = trimmed[^1];
        if (char.IsLetter(unit))
        {
            if (!double.TryParse(trimmed[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || !double.IsFinite(amount) || amount < 0)
            {
                return false;
            }

            TimeSpan? parsed = char.ToLowerInvariant(unit) switch
            {
                'd' => TimeSpan.FromDays(Math.Min(amount, 36_500)),
                'h' => TimeSpan.FromHours(Math.Min(amount, 876_000)),
                'm' => TimeSpan.FromMinutes(Math.Min(amount, 52_560_000)),
                's' => TimeSpan.FromSeconds(Math.Min(amount, 3_153_600_000)),
                _ => null,
            };
            duration = parsed ?? TimeSpan.Zero;
            return parsed is not null;
        }

        return TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
    }
}
