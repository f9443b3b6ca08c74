using OpenWhisk.Spi.Stores;

namespace OpenWhisk.TestKit.Stores;

/// <summary>Purging records older than the retention window, for stores that can (<see cref="IActivationRetention"/>).</summary>
public abstract partial class ActivationStoreConformanceTests
{
    /// <summary>Gets the store's retention; ignores the test for a store that cannot purge.</summary>
    protected IActivationRetention Retention => Store as IActivationRetention ?? throw new IgnoreException("this store cannot purge old records");

    [Test]
    public async Task Purging_deletes_exactly_the_records_that_started_before_the_cutoff_in_batches()
    {
        var cutoff = DateTimeOffset.FromUnixTimeMilliseconds(1_000_000);
        for (var i = 0; i < 10; i++)
        {
            await Store.StoreAsync(Record(i % 2 == 0 ? "guest" : "other", "old" + i, "guest/hello", 1_000_000 - 1 - i), CancellationToken.None);
        }

        await Store.StoreAsync(Record("guest", "at-cutoff", "guest/hello", 1_000_000), CancellationToken.None);
        await Store.StoreAsync(Record("other", "new", "other/hello", 2_000_000), CancellationToken.None);

        var batches = new List<int>();
        int purged;
        do
        {
            purged = await Retention.PurgeAsync(cutoff, 4, CancellationToken.None);
            batches.Add(purged);
        }
        while (purged == 4);

        var left = new List<string>();
        foreach (var ns in new[] { "guest", "other" })
        {
            left.AddRange((await Store.ListAsync(new ActivationQuery { Namespace = ns, Limit = 100 }, CancellationToken.None)).Select(r => r.ActivationId));
        }

        Assert.Multiple(async () =>
        {
            Assert.That(batches, Is.EqualTo(new[] { 4, 4, 2 }));
            Assert.That(left, Is.EquivalentTo(new[] { "at-cutoff", "new" }));
            Assert.That(await Store.GetAsync("guest", "old0", CancellationToken.None), Is.Null);
            Assert.That(await Retention.PurgeAsync(cutoff, 4, CancellationToken.None), Is.Zero, "nothing older is left");
        });
    }

    [Test]
    public async Task Purging_while_records_are_written_deletes_only_old_ones_and_loses_no_new_one()
    {
        var cutoff = DateTimeOffset.FromUnixTimeMilliseconds(1_000_000);
        for (var i = 0; i < 300; i++)
        {
            await Store.StoreAsync(Record("guest", "old" + i, "guest/hello", 500_000 + i), CancellationToken.None);
        }

        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                await Store.StoreAsync(Record("guest", $"new{w}-{i}", "guest/hello", 2_000_000 + i), CancellationToken.None);
            }
        })).ToList();
        var purged = 0;
        int batch;
        do
        {
            batch = await Retention.PurgeAsync(cutoff, 25, CancellationToken.None);
            purged += batch;
        }
        while (batch == 25);

        await Task.WhenAll(writers);
        var remaining = await Store.CountAsync(new ActivationQuery { Namespace = "guest" }, CancellationToken.None);
        var oldLeft = await Store.CountAsync(new ActivationQuery { Namespace = "guest", Upto = 999_999 }, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(purged, Is.EqualTo(300));
            Assert.That(oldLeft, Is.Zero);
            Assert.That(remaining, Is.EqualTo(200), "every record written during the purge is kept");
        });
    }
}
