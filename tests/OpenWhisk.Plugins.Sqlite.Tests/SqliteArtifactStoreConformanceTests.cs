using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using OpenWhisk.Spi.Stores;
using OpenWhisk.TestKit.Stores;

namespace OpenWhisk.Plugins.Sqlite.Tests;

[TestFixture]
public sealed class SqliteArtifactStoreConformanceTests : PersistentArtifactStoreConformanceTests
{
    private string path = null!;

    protected override Task<IArtifactStore> CreateStoreAsync()
    {
        path = Path.Combine(Path.GetTempPath(), "ow-sqlite-" + Guid.NewGuid().ToString("N"), "openwhisk.db");
        return ReopenStoreAsync();
    }

    protected override Task<IArtifactStore> ReopenStoreAsync() =>
        Task.FromResult<IArtifactStore>(new SqliteArtifactStore(new SqliteDatabase(Options.Create(new SqliteStoreOptions { Path = path }))));

    protected override Task DisposeStoreAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        return Task.CompletedTask;
    }
}
