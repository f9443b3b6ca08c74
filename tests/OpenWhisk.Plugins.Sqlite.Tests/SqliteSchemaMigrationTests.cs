using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace OpenWhisk.Plugins.Sqlite.Tests;

/// <summary>A database file of an earlier version opens with its contents kept, migrated to the current schema.</summary>
[TestFixture]
public sealed class SqliteSchemaMigrationTests
{
    private string folder = null!;

    [SetUp]
    public void CreateFolder() => folder = Directory.CreateTempSubdirectory("ow-sqlite-migration-").FullName;

    [TearDown]
    public void RemoveFolder()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Test]
    public async Task A_version_2_journal_hands_its_accepted_activations_to_the_journal_files_and_migrates_to_version_4()
    {
        var path = Path.Combine(folder, "openwhisk.db");
        const string Fallback = """{"namespace":"guest","name":"hello","subject":"guest","activationId":"old1","start":1000,"end":1000,"duration":0,"response":{"status":"whisk internal error","statusCode":3,"success":false,"result":{"error":"stopped"}},"version":"0.0.1","annotations":[],"logs":[],"publish":false}""";
        await using (var connection = new SqliteConnection("Data Source=" + path + ";Pooling=False"))
        {
            await connection.OpenAsync();
            await using var create = connection.CreateCommand();
            create.CommandText = $"""
                CREATE TABLE accepted_activations (namespace TEXT NOT NULL, activation_id TEXT NOT NULL, controller TEXT NOT NULL,
                    deadline INTEGER NOT NULL, fallback TEXT NOT NULL, PRIMARY KEY (namespace, activation_id));
                CREATE INDEX accepted_by_deadline ON accepted_activations (deadline);
                CREATE TABLE activations (namespace TEXT NOT NULL, activation_id TEXT NOT NULL, path TEXT NOT NULL, start INTEGER NOT NULL,
                    body TEXT NOT NULL, PRIMARY KEY (namespace, activation_id));
                INSERT INTO accepted_activations VALUES ('guest', 'old1', '0', 5000, '{Fallback}');
                PRAGMA user_version = 2;
                """;
            await create.ExecuteNonQueryAsync();
        }

        var store = new SqliteActivationStore(new SqliteDatabase(Options.Create(new SqliteStoreOptions { Path = path })), TimeProvider.System);
        var overdue = await store.ListOverdueAsync(DateTimeOffset.FromUnixTimeMilliseconds(6000), null, 10, CancellationToken.None);
        await store.DisposeAsync();
        var reopened = new SqliteActivationStore(new SqliteDatabase(Options.Create(new SqliteStoreOptions { Path = path })), TimeProvider.System);
        var overdueAfterRestart = await reopened.ListOverdueAsync(DateTimeOffset.FromUnixTimeMilliseconds(6000), null, 10, CancellationToken.None);
        await reopened.DisposeAsync();
        await using var check = new SqliteConnection("Data Source=" + path + ";Pooling=False");
        await check.OpenAsync();
        await using var query = check.CreateCommand();
        query.CommandText = "SELECT sql FROM sqlite_master WHERE name = 'accepted_activations'; ";
        var schema = (string?)await query.ExecuteScalarAsync();
        query.CommandText = "SELECT COUNT(*) FROM accepted_activations;";
        var rowsLeft = (long)(await query.ExecuteScalarAsync())!;
        query.CommandText = "PRAGMA user_version;";
        var version = Convert.ToInt32(await query.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);

        Assert.Multiple(() =>
        {
            Assert.That(overdue.Select(a => (a.Fallback.ActivationId, a.Controller, a.Deadline.ToUnixTimeMilliseconds())), Is.EqualTo(new[] { ("old1", "0", 5000L) }));
            Assert.That(overdueAfterRestart.Select(a => a.Fallback.ActivationId), Is.EqualTo(new[] { "old1" }), "kept in the files");
            Assert.That(rowsLeft, Is.Zero, "moved out of the table");
            Assert.That(schema, Does.EndWith("WITHOUT ROWID"));
            Assert.That(version, Is.EqualTo(4));
        });
    }
}
