using OpenWhisk.Spi.Stores;
using OpenWhisk.TestKit.Stores;

namespace OpenWhisk.Plugins.Postgres.Tests;

[TestFixture]
public sealed class PostgresArtifactStoreConformanceTests : PersistentArtifactStoreConformanceTests
{
    private TestDatabase database = null!;

    protected override async Task<IArtifactStore> CreateStoreAsync()
    {
        database = await TestDatabase.CreateAsync();
        return await ReopenStoreAsync();
    }

    protected override Task<IArtifactStore> ReopenStoreAsync() => Task.FromResult<IArtifactStore>(new PostgresArtifactStore(database.Open()));

    protected override async Task DisposeStoreAsync() => await database.DisposeAsync();
}
