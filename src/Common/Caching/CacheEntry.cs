namespace OpenWhisk.Common.Caching;

/// <summary>One entry of a <see cref="BoundedCache{TValue}"/> (compared by reference: replaced and removed as the very object read).</summary>
/// <typeparam name="TValue">The cached value's type.</typeparam>
/// <param name="value">The value.</param>
/// <param name="units">What it costs of the cache's budget.</param>
/// <param name="freshUntil">When it stops being fresh, on the cache user's clock.</param>
internal sealed class CacheEntry<TValue>(TValue value, long units, long freshUntil)
{
    /// <summary>Gets the value.</summary>
    public TValue Value { get; } = value;

    /// <summary>Gets what it costs of the cache's budget.</summary>
    public long Units { get; } = units;

    /// <summary>Gets when it stops being fresh.</summary>
    public long FreshUntil { get; } = freshUntil;

    /// <summary>Gets or sets the cache's clock when the entry was last set or read (least recently used go first).</summary>
    public long LastUsed { get; set; }
}
