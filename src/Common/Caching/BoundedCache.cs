using System.Collections.Concurrent;

namespace OpenWhisk.Common.Caching;

/// <summary>
/// A cache bounded by a budget of units (bytes, or entries) that its callers assign to each entry: beyond the budget
/// the least recently used entries go (an expired entry nobody reads is among them), down to nine tenths of it. Why not
/// <c>MemoryCache</c> with a <c>SizeLimit</c>: the copy in .NET 10's shared framework (10.0.12 here) lets its size
/// count drift below zero when one key is replaced and removed at the same moment, and from then on keeps nothing
/// (dotnet/runtime#129186), which a hot key expiring under load does. Here every entry's units are added once, when
/// it enters, and taken away once, when it leaves (replaced or removed).
/// </summary>
/// <typeparam name="TValue">The cached values.</typeparam>
/// <param name="budget">The most units the cache holds; 0 or less keeps nothing.</param>
public sealed class BoundedCache<TValue>(long budget)
{
    private readonly ConcurrentDictionary<string, CacheEntry<TValue>> entries = new(StringComparer.Ordinal);
    private readonly Lock evicting = new();
    private long used;
    private long clock;

    /// <summary>Gets how many entries the cache holds.</summary>
    public int Count => entries.Count;

    /// <summary>Gets the units the entries hold together.</summary>
    public long Used => Interlocked.Read(ref used);

    /// <summary>Reads an entry that is still fresh at <paramref name="now"/> (any monotonic clock the caller uses throughout).</summary>
    /// <param name="key">The key.</param>
    /// <param name="now">The caller's clock now.</param>
    /// <param name="value">The value, when found.</param>
    /// <returns>Whether a fresh entry was found.</returns>
    public bool TryGet(string key, long now, out TValue value) =>
        Fresh(entries.TryGetValue(key, out var entry) ? entry : null, now, out value);

    /// <summary>Reads an entry by a key that is not a string (yet), without making one of it.</summary>
    /// <param name="key">The key's characters.</param>
    /// <param name="now">The caller's clock now.</param>
    /// <param name="value">The value, when found.</param>
    /// <returns>Whether a fresh entry was found.</returns>
    public bool TryGet(ReadOnlySpan<char> key, long now, out TValue value) =>
        Fresh(entries.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(key, out var entry) ? entry : null, now, out value);

    /// <summary>Adds or replaces an entry; one larger than the whole budget is not kept (and its older copy goes).</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="units">What it costs of the budget.</param>
    /// <param name="freshUntil">When it stops being fresh, on the caller's clock.</param>
    public void Set(string key, TValue value, long units, long freshUntil)
    {
        if (units > budget)
        {
            Remove(key);
            return;
        }

        var entry = new CacheEntry<TValue>(value, units, freshUntil) { LastUsed = Interlocked.Increment(ref clock) };
        while (true)
        {
            if (entries.TryGetValue(key, out var old))
            {
                if (entries.TryUpdate(key, entry, old))
                {
                    Interlocked.Add(ref used, units - old.Units);
                    break;
                }
            }
            else if (entries.TryAdd(key, entry))
            {
                Interlocked.Add(ref used, units);
                break;
            }
        }

        if (Interlocked.Read(ref used) > budget)
        {
            Evict();
        }
    }

    /// <summary>Removes an entry, if there is one.</summary>
    /// <param name="key">The key.</param>
    public void Remove(string key)
    {
        if (entries.TryRemove(key, out var old))
        {
            Interlocked.Add(ref used, -old.Units);
        }
    }

    /// <summary>Removes every entry.</summary>
    public void Clear()
    {
        foreach (var key in entries.Keys)
        {
            Remove(key);
        }
    }

    private bool Fresh(CacheEntry<TValue>? entry, long now, out TValue value)
    {
        if (entry is not null && entry.FreshUntil > now)
        {
            entry.LastUsed = Interlocked.Increment(ref clock);
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    private void Evict()
    {
        lock (evicting)
        {
            var target = budget - (budget / 10);
            foreach (var (key, entry) in entries.ToArray().OrderBy(e => e.Value.LastUsed))
            {
                if (Interlocked.Read(ref used) <= target)
                {
                    return;
                }

                if (entries.TryRemove(new KeyValuePair<string, CacheEntry<TValue>>(key, entry)))
                {
                    Interlocked.Add(ref used, -entry.Units);
                }
            }

        }
    }
}
