using OpenWhisk.Spi.Stores;
using OpenWhisk.TestKit.Stores;

namespace OpenWhisk.Plugins.Postgres.Tests;

[TestFixture]
public sealed class PostgresActivationStoreConformanceTests : PersistentActivationStoreConformanceTests
{
    private TestDatabase database = null!;

    protected override async Task<IActivationStore> CreateStoreAsync()
    {
        database = await TestDatabase.CreateAsync();
        return await ReopenStoreAsync();
    }

    protected override Task<IActivationStore> ReopenStoreAsync() => Task.FromResult<IActivationStore>(new PostgresActivationStore(database.Open()));

    protected override async Task DisposeStoreAsync() => await database.DisposeAsync();
}
