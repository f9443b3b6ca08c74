using System.Globalization;

namespace OpenWhisk.Spi.Stores;

/// <summary>Document revisions in CouchDB's <c>&lt;generation&gt;-&lt;random&gt;</c> form, for store implementations.</summary>
public static class Revisions
{
    /// <summary>Returns the revision that follows <paramref name="previous"/> (or the first one).</summary>
    /// <param name="previous">The current revision, or null for a new document.</param>
    /// <returns>The next revision.</returns>
    public static string Next(string? previous)
    {
        var generation = 0;
        if (previous is not null)
        {
            var dash = previous.IndexOf('-', StringComparison.Ordinal);
            _ = int.TryParse(dash > 0 ? previous[..dash] : previous, NumberStyles.None, CultureInfo.InvariantCulture, out generation);
        }

        return string.Create(CultureInfo.InvariantCulture, $"{generation + 1}-{Guid.NewGuid():N}");
    }
}
