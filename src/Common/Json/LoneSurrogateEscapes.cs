using System.Text.RegularExpressions;

namespace OpenWhisk.Common.Json;

/// <summary>
/// Escaped lone surrogates in JSON text (<c>"\ud800"</c> without its pair): valid JSON grammar, but not Unicode text,
/// and System.Text.Json cannot write them again. Only an escape after an even run of backslashes counts.
/// </summary>
public static partial class LoneSurrogateEscapes
{
    /// <summary>Tells whether <paramref name="json"/> holds an escaped lone surrogate.</summary>
    /// <param name="json">JSON text.</param>
    /// <returns>Whether it holds one.</returns>
    public static bool Any(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return json.Contains("\\u", StringComparison.Ordinal) && (LoneHigh().IsMatch(json) || LoneLow().IsMatch(json));
    }

    /// <summary>Replaces every escaped lone surrogate in <paramref name="json"/> by an escaped U+FFFD.</summary>
    /// <param name="json">JSON text.</param>
    /// <returns>The text without lone surrogates.</returns>
    public static string Replace(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return json.Contains("\\u", StringComparison.Ordinal)
            ? LoneLow().Replace(LoneHigh().Replace(json, "\\uFFFD"), "\\uFFFD")
            : json;
    }

    /// <summary>An escaped high surrogate not followed by an escaped low one.</summary>
    [GeneratedRegex(@"(?<=(?<!\\)(?:\\\\)*)\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})")]
    private static partial Regex LoneHigh();

    /// <summary>An escaped low surrogate not preceded by an escaped high one (itself after an even run of backslashes).</summary>
    [GeneratedRegex(@"(?<=(?<!\\)(?:\\\\)*)(?<!(?<!\\)(?:\\\\)*\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}")]
    private static partial Regex LoneLow();
}
