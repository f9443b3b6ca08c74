using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using OpenWhisk.Spi.Stores;
using OpenWhisk.TestKit.Stores;

namespace OpenWhisk.Plugins.Sqlite.Tests;

/// <summary>The conformance kit, with records committed as they come and with records going through the record log.</summary>
[TestFixture(false)]
[TestFixture(true)]
public sealed class SqliteActivationStoreConformanceTests(bool recordLog) : PersistentActivationStoreConformanceTests
{
    private string path = null!;
    private SqliteActivationStore? open;

    protected override Task<IActivationStore> CreateStoreAsync()
    {
        path = Path.Combine(Path.GetTempPath(), "ow-sqlite-" + Guid.NewGuid().ToString("N"), "openwhisk.db");
        return ReopenStoreAsync();
    }

    /// <summary>Closes the open store first, as a process that stops does (a killed one: <see cref="SqliteRecordLogTests"/>).</summary>
    protected override async Task<IActivationStore> ReopenStoreAsync()
    {
        await CloseAsync();
        // A long interval: every read in the kit has to find what the log holds.
        open = new SqliteActivationStore(
            new SqliteDatabase(Options.Create(new SqliteStoreOptions { Path = path, RecordLog = recordLog, RecordLogInterval = TimeSpan.FromMinutes(1) })),
            TimeProvider.System);
        return open;
    }

    [TearDown]
    public Task CloseStore() => CloseAsync();

    protected override async Task DisposeStoreAsync()
    {
        await CloseAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    private async Task CloseAsync()
    {
        if (open is not null)
        {
            await open.DisposeAsync();
            open = null;
        }
    }
}
