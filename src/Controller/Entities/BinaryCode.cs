using System.Text.RegularExpressions;

namespace OpenWhisk.Controller.Entities;

/// <summary>OpenWhisk's rule for telling base64 archives from source: non-empty, length a multiple of 4, base64 characters only.</summary>
public static partial class BinaryCode
{
    public static bool IsBinary(string? code)
    {
        if (code is null)
        {
            return false;
        }

        var trimmed = code.Trim();
        return trimmed.Length > 0 && trimmed.Length % 4 == 0 && Base64().IsMatch(trimmed);
    }

    [GeneratedRegex("^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2}==)$", RegexOptions.CultureInvariant)]
    private static partial Regex Base64();
}
