using OpenWhisk.Spi.Stores;

namespace OpenWhisk.TestKit.Stores;

/// <summary>The artifact store conformance tests plus persistence across a restart.</summary>
public abstract class PersistentArtifactStoreConformanceTests : ArtifactStoreConformanceTests
{
    /// <summary>Closes the store and opens a new one on the same data, as a process restart would.</summary>
    /// <returns>The reopened store.</returns>
    protected abstract Task<IArtifactStore> ReopenStoreAsync();

    [Test]
    public async Task Entities_and_subjects_survive_a_restart()
    {
        var document = await Store.PutAsync(Document("guest", "durable", 7), CancellationToken.None);
        await Store.PutSubjectAsync(Subject("dave", ("dave", "77777777-7777-7777-7777-777777777777")), CancellationToken.None);

        Store = await ReopenStoreAsync();
        var read = await Store.GetAsync("guest/durable", CancellationToken.None);
        var subject = await Store.FindSubjectByUuidAsync("77777777-7777-7777-7777-777777777777", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(read!.Revision, Is.EqualTo(document.Revision));
            Assert.That(read.Body.GetProperty("n").GetInt32(), Is.EqualTo(7));
            Assert.That(subject!.Subject, Is.EqualTo("dave"));
        });
    }
}
