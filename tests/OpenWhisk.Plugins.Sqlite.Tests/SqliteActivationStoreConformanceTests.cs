using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using OpenWhisk.Spi.Stores;
using OpenWhisk.TestKit.Stores;

namespace OpenWhisk.Plugins.Sqlite.Tests;

[TestFixture]
public sealed class SqliteActivationStoreConformanceTests : PersistentActivationStoreConformanceTests
{
    private string path = null!;

    protected override Task<IActivationStore> CreateStoreAsync()
    {
        path = Path.Combine(Path.GetTempPath(), "ow-sqlite-" + Guid.NewGuid().ToString("N"), "openwhisk.db");
        return ReopenStoreAsync();
    }

    protected override Task<IActivationStore> ReopenStoreAsync() =>
        Task.FromResult<IActivationStore>(new SqliteActivationStore(new SqliteDatabase(Options.Create(new SqliteStoreOptions { Path = path })), TimeProvider.System));

    protected override Task DisposeStoreAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        return Task.CompletedTask;
    }
}
