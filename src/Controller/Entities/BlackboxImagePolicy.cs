using OpenWhisk.Controller.Api;

namespace OpenWhisk.Controller.Entities;

/// <summary>Which images blackbox actions may use (<see cref="LimitsOptions.AllowedBlackboxImages"/>).</summary>
public static class BlackboxImagePolicy
{
    /// <summary>Throws 403 unless <paramref name="image"/> is allowed; an empty list allows every image.</summary>
    public static void Require(string image, IReadOnlyList<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(allowed);
        if (allowed.Count == 0 || allowed.Any(entry => Matches(Normalize(image), entry.Trim())))
        {
            return;
        }

        throw new ApiException(403, $"The image '{image}' is not allowed for blackbox actions in this deployment.");
    }

    private static bool Matches(string image, string entry) =>
        entry.EndsWith('*')
            ? image.StartsWith(entry[..^1], StringComparison.Ordinal)
            : string.Equals(image, Normalize(entry), StringComparison.Ordinal);

    /// <summary>Adds <c>:latest</c> to an image without a tag or digest.</summary>
    private static string Normalize(string image)
    {
        var lastSlash = image.LastIndexOf('/');
        return image.IndexOf(':', lastSlash + 1) >= 0 || image.Contains('@', StringComparison.Ordinal) ? image : image + ":latest";
    }
}
