using OpenWhisk.Spi.Stores;

namespace OpenWhisk.TestKit.Stores;

/// <summary>The activation store conformance tests plus persistence across a restart.</summary>
public abstract class PersistentActivationStoreConformanceTests : ActivationStoreConformanceTests
{
    /// <summary>Closes the store and opens a new one on the same data, as a process restart would.</summary>
    /// <returns>The reopened store.</returns>
    protected abstract Task<IActivationStore> ReopenStoreAsync();

    [Test]
    public async Task Records_survive_a_restart()
    {
        await Store.StoreAsync(Record("guest", "durable", "guest/hello", 42), CancellationToken.None);

        Store = await ReopenStoreAsync();

        Assert.That((await Store.GetAsync("guest", "durable", CancellationToken.None))!.Start, Is.EqualTo(42));
    }

    [Test]
    public async Task Accepted_activations_survive_a_restart()
    {
        await Journal.AcceptAsync(Accepted("kept", Epoch, "0"), CancellationToken.None);

        Store = await ReopenStoreAsync();

        Assert.That((await Journal.ListOverdueAsync(Epoch.AddHours(1), "0", 10, CancellationToken.None)).Select(a => a.Fallback.ActivationId), Is.EqualTo(new[] { "kept" }));
    }
}
