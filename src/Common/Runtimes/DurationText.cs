using System.Globalization;

namespace OpenWhisk.Common.Runtimes;

/// <summary>Parses durations in OpenWhisk's (HOCON) style, such as <c>"2 minutes"</c> or <c>"30 s"</c>, or as a TimeSpan.</summary>
public static class DurationText
{
    /// <summary>Parses a duration.</summary>
    /// <param name="text">For example <c>2 minutes</c>, <c>10 s</c>, <c>500 ms</c> or <c>00:02:00</c>.</param>
    /// <returns>The duration.</returns>
    /// <exception cref="FormatException">The text is not a duration.</exception>
    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && text.Contains(':', StringComparison.Ordinal))
        {
            return span;
        }

        var trimmed = text.Trim();
        var digits = trimmed.TakeWhile(c => char.IsDigit(c) || c == '.').Count();
        if (digits == 0 || !double.TryParse(trimmed[..digits], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            throw new FormatException($"'{text}' is not a duration.");
        }

        return trimmed[digits..].Trim().ToLowerInvariant() switch
        {
            "ms" or "millis" or "milliseconds" => TimeSpan.FromMilliseconds(number),
            "" or "s" or "second" or "seconds" => TimeSpan.FromSeconds(number),
            "m" or "minute" or "minutes" => TimeSpan.FromMinutes(number),
            "h" or "hour" or "hours" => TimeSpan.FromHours(number),
            _ => throw new FormatException($"'{text}' has an unknown unit."),
        };
    }
}
