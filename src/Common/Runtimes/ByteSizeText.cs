using System.Globalization;

namespace OpenWhisk.Common.Runtimes;

/// <summary>Parses and writes OpenWhisk's byte-size text such as <c>"256 MB"</c>.</summary>
public static class ByteSizeText
{
    /// <summary>Parses a size and returns whole megabytes.</summary>
    /// <param name="text">For example <c>256 MB</c>, <c>1 GB</c>, <c>512m</c>.</param>
    /// <returns>The size in megabytes.</returns>
    /// <exception cref="FormatException">The text is not a size.</exception>
    public static int ParseMegabytes(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim().ToUpperInvariant();
        var digits = trimmed.TakeWhile(char.IsDigit).Count();
        if (digits == 0 || !long.TryParse(trimmed[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            throw new FormatException($"'{text}' is not a byte size.");
        }

        var unit = trimmed[digits..].Trim();
        long bytes = unit switch
        {
            "" or "B" => number,
            "K" or "KB" => number * 1024,
            "M" or "MB" => number * 1024 * 1024,
            "G" or "GB" => number * 1024 * 1024 * 1024,
            _ => throw new FormatException($"'{text}' has an unknown unit."),
        };
        return checked((int)(bytes / (1024 * 1024)));
    }

    /// <summary>Writes a size in its largest exact unit, as OpenWhisk's <c>ByteSize</c> does: <c>1 MB</c>, <c>1536 KB</c>.</summary>
    /// <param name="bytes">The size in bytes.</param>
    /// <returns>The text.</returns>
    public static string Format(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB"];
        var unit = 0;
        while (unit < units.Length - 1 && bytes != 0 && bytes % 1024 == 0)
        {
            bytes /= 1024;
            unit++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{bytes} {units[unit]}");
    }
}
