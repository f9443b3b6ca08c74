using System.Text.RegularExpressions;
using OpenWhisk.Controller.Api;

namespace OpenWhisk.Controller.Entities;

/// <summary>OpenWhisk's entity name rules: an ASCII word character first, then word characters, <c>@ .&amp;-</c>, no trailing space, at most 256.</summary>
public static partial class EntityNames
{
    public const int MaxLength = 256;

    /// <summary>Tells whether <paramref name="name"/> is a valid entity name.</summary>
    /// <param name="name">The name.</param>
    /// <returns>True when it is.</returns>
    public static bool IsValid(string name) => name is { Length: > 0 and <= MaxLength } && Pattern().IsMatch(name);

    /// <summary>Throws a 400 unless <paramref name="name"/> is a valid entity name.</summary>
    /// <param name="name">The name.</param>
    public static void Validate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length > MaxLength)
        {
            throw ApiException.BadRequest(ApiMessages.NameTooLong(name.Length));
        }

        if (!Pattern().IsMatch(name))
        {
            throw ApiException.BadRequest(ApiMessages.IllegalName);
        }
    }

    // ASCII word characters only, as in OpenWhisk (Java's \w); .NET's \w would take any Unicode letter or digit.
    [GeneratedRegex(@"\A([A-Za-z0-9_]|[A-Za-z0-9_][A-Za-z0-9_@ .&-]*[A-Za-z0-9_@.&-])\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
