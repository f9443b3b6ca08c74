using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Plugins.Sqlite.Tests;

/// <summary>
/// With <c>Stores:Sqlite:RecordLog</c> a stored record is appended to a log file beside the database and committed
/// later in a batch: reads of the same process see it at once, a killed process's log is committed by the next store.
/// </summary>
[TestFixture]
public sealed class SqliteRecordLogTests
{
    private string folder = null!;
    private string path = null!;

    private string LogFolder => path + "-records";

    [SetUp]
    public void CreateFolder()
    {
        folder = Directory.CreateTempSubdirectory("ow-sqlite-records-").FullName;
        path = Path.Combine(folder, "openwhisk.db");
    }

    [TearDown]
    public void RemoveFolder()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Test]
    public async Task A_stored_record_waits_in_the_log_until_a_read_of_the_store_commits_it()
    {
        await using var store = Open(TimeSpan.FromMinutes(1));

        await store.StoreAsync(Record("logged"), CancellationToken.None);

        var segment = Directory.GetFiles(LogFolder).Single();
        Assert.Multiple(() =>
        {
            Assert.That(ReadShared(segment), Does.StartWith("R{").And.Contain("\"logged\"").And.EndWith("\n"));
            Assert.That(CommittedIds(), Is.Empty, "not committed before the interval or a read");
        });

        var read = await store.GetAsync("guest", "logged", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(read?.ActivationId, Is.EqualTo("logged"));
            Assert.That(CommittedIds(), Is.EqualTo(new[] { "logged" }));
            Assert.That(Directory.GetFiles(LogFolder), Is.Empty, "a committed segment goes");
        });
    }

    [Test]
    [Platform(Exclude = "Win")]
    [UnsupportedOSPlatform("windows")]
    public async Task Only_the_owner_can_open_the_log_folder_and_its_segments()
    {
        await using var store = Open(TimeSpan.FromMinutes(1));

        await store.StoreAsync(Record("private"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(File.GetUnixFileMode(LogFolder), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
            Assert.That(File.GetUnixFileMode(Directory.GetFiles(LogFolder).Single()), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        });
    }

    [Test]
    public async Task Logged_records_are_committed_within_the_interval_without_a_read()
    {
        await using var store = Open(TimeSpan.FromMilliseconds(50));

        for (var i = 0; i < 20; i++)
        {
            await store.StoreAsync(Record("batch" + i), CancellationToken.None);
        }

        var waited = Stopwatch.StartNew();
        while (CommittedIds().Count < 20 && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        Assert.That(CommittedIds(), Is.EquivalentTo(Enumerable.Range(0, 20).Select(i => "batch" + i)));
    }

    [Test]
    public async Task Closing_the_store_commits_what_the_log_holds()
    {
        await using (var store = Open(TimeSpan.FromMinutes(1)))
        {
            await store.StoreAsync(Record("closing"), CancellationToken.None);
        }

        Assert.Multiple(() =>
        {
            Assert.That(CommittedIds(), Is.EqualTo(new[] { "closing" }));
            Assert.That(Directory.GetFiles(LogFolder), Is.Empty);
        });
    }

    [Test]
    public async Task A_segment_left_by_a_killed_process_is_committed_before_the_next_store_reads_and_a_torn_line_is_skipped()
    {
        // What a process killed between its appends and its commit leaves: whole lines, and a last one cut short.
        Directory.CreateDirectory(LogFolder);
        var left = new StringBuilder();
        left.Append('R').Append(JsonSerializer.Serialize(Record("left1"), OpenWhiskJson.Options)).Append('\n');
        left.Append("F[\"guest\",\"refused\",1000]\n");
        left.Append('R').Append(JsonSerializer.Serialize(Record("torn"), OpenWhiskJson.Options)[..40]);
        await File.WriteAllTextAsync(Path.Combine(LogFolder, "0000000001000-0badcafe-00000000.log"), left.ToString());

        await using var store = Open(TimeSpan.FromMinutes(1));

        Assert.Multiple(async () =>
        {
            Assert.That((await store.GetAsync("guest", "left1", CancellationToken.None))?.Response.IsSuccess, Is.True);
            Assert.That(await store.GetAsync("guest", "torn", CancellationToken.None), Is.Null);
            Assert.That(Directory.GetFiles(LogFolder), Is.Empty);
        });

        // The forgotten activation's line was committed too: its fallback does not come back.
        await store.EndOverdueAsync(new AcceptedActivation(Record("refused"), DateTimeOffset.UnixEpoch, "0"), CancellationToken.None);
        Assert.That(await store.GetAsync("guest", "refused", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task Another_store_does_not_take_a_live_writers_segment()
    {
        await using var writer = Open(TimeSpan.FromMinutes(1));
        await writer.StoreAsync(Record("owned"), CancellationToken.None);

        await using (var other = Open(TimeSpan.FromMinutes(1)))
        {
            Assert.That(await other.GetAsync("guest", "owned", CancellationToken.None), Is.Null, "not committed by its writer yet");
            Assert.That(Directory.GetFiles(LogFolder), Has.Length.EqualTo(1), "left to the writer that holds it");
        }

        Assert.That((await writer.GetAsync("guest", "owned", CancellationToken.None))?.ActivationId, Is.EqualTo("owned"));
    }

    [Test]
    public async Task A_failed_commit_is_reported_to_the_read_and_its_rows_are_committed_once_the_database_can_be_written()
    {
        await using var store = Open(TimeSpan.FromMinutes(1));
        await store.StoreAsync(Record("first"), CancellationToken.None);
        Assert.That(await store.GetAsync("guest", "first", CancellationToken.None), Is.Not.Null);
        await store.StoreAsync(Record("held"), CancellationToken.None);

        // Another connection holds the write lock longer than the store's busy timeout.
        await using (var blocker = new SqliteConnection($"Data Source={path}"))
        {
            await blocker.OpenAsync();
            await using var transaction = blocker.BeginTransaction(deferred: false);
            Assert.That(
                async () => await store.GetAsync("guest", "held", CancellationToken.None),
                Throws.InstanceOf<StoreUnavailableException>());
            Assert.That(Directory.GetFiles(LogFolder), Has.Length.EqualTo(1), "the segment stays while its rows are not committed");
        }

        Assert.Multiple(async () =>
        {
            Assert.That((await store.GetAsync("guest", "held", CancellationToken.None))?.ActivationId, Is.EqualTo("held"));
            Assert.That(Directory.GetFiles(LogFolder), Is.Empty);
        });
    }

    private static ActivationRecord Record(string id) => new()
    {
        Namespace = "guest",
        Name = "hello",
        Subject = "guest",
        ActivationId = id,
        Start = 1000,
        End = 1005,
        Duration = 5,
        Response = ActivationResponse.Success(JsonSerializer.SerializeToElement(new { id })),
        Annotations = [KeyValue.Of("path", "guest/hello"), KeyValue.Of("kind", "nodejs:20")],
    };

    /// <summary>
    /// Reads a file that its writer holds under an exclusive lock. The lock is advisory: .NET's own opens honour it
    /// (and fail), a process that does not ask for one reads the file.
    /// </summary>
    private static string ReadShared(string file)
    {
        using var cat = Process.Start(new ProcessStartInfo("cat", [file]) { RedirectStandardOutput = true })!;
        var text = cat.StandardOutput.ReadToEnd();
        cat.WaitForExit();
        return text;
    }

    private SqliteActivationStore Open(TimeSpan interval) => new(
        new SqliteDatabase(Options.Create(new SqliteStoreOptions { Path = path, RecordLog = true, RecordLogInterval = interval, BusyTimeout = TimeSpan.FromSeconds(1) })),
        TimeProvider.System);

    private List<string> CommittedIds()
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'activations'";
        if (command.ExecuteScalar() is null)
        {
            return [];
        }

        command.CommandText = "SELECT activation_id FROM activations ORDER BY activation_id";
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}
