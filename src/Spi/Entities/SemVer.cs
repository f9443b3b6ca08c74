using System.Globalization;
using System.Text.Json.Serialization;
using OpenWhisk.Spi.Json;

namespace OpenWhisk.Spi.Entities;

/// <summary>An entity version in OpenWhisk's <c>major.minor.patch</c> form; every update bumps the patch.</summary>
/// <param name="Major">The major number.</param>
/// <param name="Minor">The minor number.</param>
/// <param name="Patch">The patch number.</param>
[JsonConverter(typeof(SemVerJsonConverter))]
public readonly record struct SemVer(int Major, int Minor, int Patch) : IComparable<SemVer>
{
    /// <summary>Gets the version of a newly created entity, <c>0.0.1</c>.</summary>
    public static SemVer Initial { get; } = new(0, 0, 1);

    /// <summary>Returns the version with the patch number increased by one.</summary>
    /// <returns>The next patch version.</returns>
    public SemVer NextPatch() => this with { Patch = Patch + 1 };

    /// <summary>Parses <c>major.minor.patch</c>; missing parts are zero.</summary>
    /// <param name="text">The version text.</param>
    /// <param name="version">The parsed version.</param>
    /// <returns><see langword="true"/> if the text is a valid version.</returns>
    public static bool TryParse(string? text, out SemVer version)
    {
        version = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var parts = text.Split('.');
        if (parts.Length > 3)
        {
            return false;
        }

        var numbers = new int[3];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return false;
            }
        }

        version = new SemVer(numbers[0], numbers[1], numbers[2]);
        return version != default;
    }

    /// <summary>Parses <c>major.minor.patch</c>.</summary>
    /// <param name="text">The version text.</param>
    /// <returns>The version.</returns>
    /// <exception cref="FormatException">The text is not a version.</exception>
    public static SemVer Parse(string text) =>
        TryParse(text, out var version) ? version : throw new FormatException($"'{text}' is not a semantic version.");

    /// <inheritdoc />
    public int CompareTo(SemVer other)
    {
        var major = Major.CompareTo(other.Major);
        if (major != 0)
        {
            return major;
        }

        var minor = Minor.CompareTo(other.Minor);
        return minor != 0 ? minor : Patch.CompareTo(other.Patch);
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");
}
