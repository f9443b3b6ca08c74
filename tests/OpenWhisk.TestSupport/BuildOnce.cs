using System.Collections.Concurrent;

namespace OpenWhisk.TestSupport;

/// <summary>Builds shared by every caller of a test run, by key; a failed build is tried again by the next caller.</summary>
public sealed class BuildOnce
{
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> built = new(StringComparer.Ordinal);

    /// <summary>The result of <paramref name="build"/> for <paramref name="key"/>, built by the first caller.</summary>
    public async Task<string> GetAsync(string key, Func<Task<string>> build)
    {
        var entry = built.GetOrAdd(key, _ => new Lazy<Task<string>>(build));
        try
        {
            return await entry.Value;
        }
        catch
        {
            built.TryRemove(new KeyValuePair<string, Lazy<Task<string>>>(key, entry));
            throw;
        }
    }
}
