using System.Diagnostics;
using OpenWhisk.Common.Caching;

namespace OpenWhisk.Common.Tests.Caching;

[TestFixture]
public sealed class BoundedCacheTests
{
    private const long Never = long.MaxValue;

    [Test]
    public void Keeps_within_its_budget_by_removing_the_least_recently_used()
    {
        var cache = new BoundedCache<string>(budget: 100);
        for (var i = 0; i < 10; i++)
        {
            cache.Set("k" + i, "v" + i, units: 10, Never);
        }

        cache.TryGet("k0", 0, out _);
        cache.Set("k10", "v10", units: 10, Never);

        Assert.Multiple(() =>
        {
            Assert.That(cache.Used, Is.LessThanOrEqualTo(100));
            Assert.That(cache.TryGet("k0", 0, out _), Is.True, "read just before: kept");
            Assert.That(cache.TryGet("k1", 0, out _), Is.False, "the least recently used: gone");
            Assert.That(cache.TryGet("k10", 0, out var newest) && newest == "v10", Is.True);
        });
    }

    [Test]
    public void An_entry_is_found_by_the_characters_of_its_key_while_it_is_fresh()
    {
        var cache = new BoundedCache<string>(budget: 100);
        cache.Set("uuid:key", "identity", units: 1, freshUntil: 10);
        const string Padded = "xuuid:keyx";

        var fresh = cache.TryGet(Padded.AsSpan(1, 8), 5, out var found);
        var stale = cache.TryGet(Padded.AsSpan(1, 8), 10, out _);
        var shorter = cache.TryGet(Padded.AsSpan(1, 7), 5, out _);

        Assert.Multiple(() =>
        {
            Assert.That(fresh && found == "identity", Is.True);
            Assert.That(stale, Is.False, "stale");
            Assert.That(shorter, Is.False);
        });
    }

    [Test]
    public void An_entry_larger_than_the_budget_is_not_kept_and_its_older_copy_goes()
    {
        var cache = new BoundedCache<string>(budget: 100);
        cache.Set("a", "small", units: 10, Never);

        cache.Set("a", "huge", units: 500, Never);

        Assert.Multiple(() =>
        {
            Assert.That(cache.TryGet("a", 0, out _), Is.False);
            Assert.That(cache.Used, Is.Zero);
        });
    }

    [Test]
    public void A_budget_of_zero_keeps_nothing() =>
        Assert.That(() => { var cache = new BoundedCache<int>(0); cache.Set("a", 1, 1, Never); return cache.Count; }, Is.Zero);

    [Test]
    public void An_entry_is_not_read_after_it_stops_being_fresh()
    {
        var cache = new BoundedCache<int>(10);
        cache.Set("a", 1, 1, freshUntil: 100);

        Assert.Multiple(() =>
        {
            Assert.That(cache.TryGet("a", 99, out _), Is.True);
            Assert.That(cache.TryGet("a", 100, out _), Is.False);
        });
    }

    [Test]
    public async Task Its_count_of_units_stays_exact_when_keys_are_set_read_and_removed_at_once_and_it_keeps_caching()
    {
        // The pattern that makes MemoryCache with a SizeLimit (10.0.12) drift below zero and stop caching for good.
        var cache = new BoundedCache<int>(budget: 1000);
        // A deadline read by the workers, not a timer: eight busy workers on a small thread pool would hold up the
        // timer's callback until the pool grows.
        var deadline = Stopwatch.GetTimestamp() + (2 * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, 8).Select(seed => Task.Run(() =>
        {
            var random = new Random(seed);
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var key = "k" + random.Next(4);
                switch (random.Next(3))
                {
                    case 0:
                        cache.TryGet(key, random.Next(100), out _);
                        break;
                    case 1:
                        cache.Set(key, seed, 1, random.Next(100));
                        break;
                    default:
                        cache.Remove(key);
                        break;
                }
            }
        }));
        await Task.WhenAll(workers);

        var usedMatchesEntries = cache.Used == cache.Count;
        cache.Set("probe", 1, 1, Never);
        var kept = cache.TryGet("probe", 0, out _);
        cache.Clear();

        Assert.Multiple(() =>
        {
            Assert.That(usedMatchesEntries, Is.True, "one unit per entry held");
            Assert.That(kept, Is.True, "it still caches");
            Assert.That(cache.Used, Is.Zero, "nothing counted once empty");
        });
    }

    [Test]
    public async Task Many_writers_over_the_budget_leave_it_within_the_budget()
    {
        var cache = new BoundedCache<int>(budget: 50);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                cache.Set($"{w}-{i}", i, 1, Never);
            }
        })));

        Assert.Multiple(() =>
        {
            Assert.That(cache.Used, Is.LessThanOrEqualTo(50));
            Assert.That(cache.Used, Is.EqualTo(cache.Count));
        });
    }
}
