using System.Runtime.Versioning;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Plugins.Sqlite.Tests;

/// <summary>The SQLite file holds every namespace's keys: nobody but its owner may read it.</summary>
[TestFixture]
[Platform(Exclude = "Win")]
[UnsupportedOSPlatform("windows")]
public sealed class SqliteFileModeTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private string folder = null!;

    [SetUp]
    public void CreateFolderName() => folder = Path.Combine(Path.GetTempPath(), "ow-sqlite-mode-" + Guid.NewGuid().ToString("N"), "data");

    [TearDown]
    public void RemoveFolder()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
    }

    [Test]
    public async Task A_new_database_and_its_folder_are_readable_by_their_owner_only()
    {
        var path = Path.Combine(folder, "openwhisk.db");

        await StoreAKeyAsync(path);

        Assert.Multiple(() =>
        {
            Assert.That(File.GetUnixFileMode(folder) & ~UnixFileMode.UserExecute, Is.EqualTo(OwnerOnly));
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                Assert.That(File.Exists(file), Is.True, file);
                Assert.That(File.GetUnixFileMode(file), Is.EqualTo(OwnerOnly), file);
            }
        });
    }

    [Test]
    public async Task An_existing_database_readable_by_others_is_narrowed()
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "openwhisk.db");
        await File.WriteAllBytesAsync(path, []);
        File.SetUnixFileMode(path, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await StoreAKeyAsync(path);

        Assert.That(File.GetUnixFileMode(path), Is.EqualTo(OwnerOnly));
    }

    private static async Task StoreAKeyAsync(string path)
    {
        var store = new SqliteArtifactStore(new SqliteDatabase(Options.Create(new SqliteStoreOptions { Path = path })));
        await store.PutSubjectAsync(
            new SubjectRecord
            {
                Subject = "alice",
                Namespaces = [new SubjectNamespace { Name = "alice", Uuid = Guid.NewGuid().ToString(), Key = "secret" }],
            },
            CancellationToken.None);
    }
}
