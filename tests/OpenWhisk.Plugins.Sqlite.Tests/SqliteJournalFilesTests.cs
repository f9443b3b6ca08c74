using System.Runtime.Versioning;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Plugins.Sqlite.Tests;

/// <summary>The SQLite store keeps its journal of accepted activations in segment files beside the database.</summary>
[TestFixture]
[Platform(Exclude = "Win")]
[UnsupportedOSPlatform("windows")]
public sealed class SqliteJournalFilesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private string folder = null!;
    private string path = null!;
    private FakeTimeProvider clock = null!;

    private string JournalFolder => path + "-accepted";

    [SetUp]
    public void CreateFolder()
    {
        folder = Directory.CreateTempSubdirectory("ow-sqlite-journal-").FullName;
        path = Path.Combine(folder, "openwhisk.db");
        clock = new FakeTimeProvider(Now);
    }

    [TearDown]
    public void RemoveFolder()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Test]
    public async Task A_note_is_a_line_in_a_segment_file_that_only_the_owner_can_read()
    {
        await using var store = Open();

        await store.AcceptAsync(Accepted("a1"), CancellationToken.None);

        var segment = Directory.GetFiles(JournalFolder).Single();
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(segment), Does.Contain("\"a1\"").And.EndsWith("\n"));
            Assert.That(File.ReadAllLines(segment), Has.Length.EqualTo(1));
            Assert.That(File.GetUnixFileMode(JournalFolder), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
            Assert.That(File.GetUnixFileMode(segment), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        });
    }

    [Test]
    public async Task A_closed_segment_keeps_only_the_notes_that_still_count_and_goes_when_none_does()
    {
        await using var store = Open();
        await store.AcceptAsync(Accepted("done"), CancellationToken.None);
        await store.AcceptAsync(Accepted("running"), CancellationToken.None);
        await store.AcceptAsync(Accepted("refused"), CancellationToken.None);
        await store.StoreAsync(Accepted("done").Fallback with { Response = ActivationResponse.Success(null) }, CancellationToken.None);
        await store.ForgetAsync("guest", "refused", CancellationToken.None);

        // Not closed yet: a sweep reads it and leaves it alone.
        await store.ListOverdueAsync(Now, null, 10, CancellationToken.None);
        var whileOpen = File.ReadAllLines(Directory.GetFiles(JournalFolder).Single()).Length;

        clock.Advance(AcceptedActivationLog.Window * 2 + AcceptedActivationLog.Grace);
        await store.ListOverdueAsync(clock.GetUtcNow(), null, 10, CancellationToken.None);
        var afterSweep = File.ReadAllText(Directory.GetFiles(JournalFolder).Single());

        await store.StoreAsync(Accepted("running").Fallback with { Response = ActivationResponse.Success(null) }, CancellationToken.None);
        await store.ListOverdueAsync(clock.GetUtcNow(), null, 10, CancellationToken.None);
        var withinTheWindow = Directory.GetFiles(JournalFolder).Length;
        clock.Advance(AcceptedActivationLog.Window);
        await store.ListOverdueAsync(clock.GetUtcNow(), null, 10, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(whileOpen, Is.EqualTo(3));
            Assert.That(afterSweep, Does.Contain("\"running\"").And.Not.Contain("\"done\"").And.Not.Contain("\"refused\""));
            Assert.That(withinTheWindow, Is.EqualTo(1), "a closed segment is cleaned once a window at most");
            Assert.That(Directory.GetFiles(JournalFolder), Is.Empty, "every note ended");
        });
    }

    [Test]
    public async Task A_line_torn_by_a_crash_is_skipped_and_the_notes_beside_it_count()
    {
        await using (var crashed = Open())
        {
            await crashed.AcceptAsync(Accepted("before"), CancellationToken.None);
        }

        var segment = Directory.GetFiles(JournalFolder).Single();
        await File.AppendAllTextAsync(segment, "{\"Deadline\":1,\"Controller\":\"0\",\"Fallb");
        await using var restarted = Open();
        await restarted.AcceptAsync(Accepted("after"), CancellationToken.None);

        var overdue = await restarted.ListOverdueAsync(Now.AddHours(1), null, 10, CancellationToken.None);

        Assert.That(overdue.Select(a => a.Fallback.ActivationId).Order(), Is.EqualTo(new[] { "after", "before" }));
    }

    [Test]
    public async Task A_note_that_cannot_be_written_refuses_the_acceptance_as_a_store_outage()
    {
        await using var store = Open();
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(JournalFolder, "not a folder");

        Assert.That(async () => await store.AcceptAsync(Accepted("x"), CancellationToken.None), Throws.InstanceOf<StoreUnavailableException>());
    }

    [Test]
    public async Task A_note_whose_write_outlasted_its_segment_is_written_again_to_a_current_one()
    {
        // The clock is read before the write, and after it 45 s later (a stalled disk).
        var stalled = new JumpingClock(Now, AcceptedActivationLog.Window + AcceptedActivationLog.Grace + TimeSpan.FromSeconds(5));
        await using var store = new SqliteActivationStore(new SqliteDatabase(Options.Create(new SqliteStoreOptions { Path = path })), stalled);

        await store.AcceptAsync(Accepted("slow"), CancellationToken.None);

        var segments = Directory.GetFiles(JournalFolder).Order().ToList();
        Assert.That(segments.Select(f => File.ReadAllText(f).Contains("\"slow\"", StringComparison.Ordinal)), Is.EqualTo(new[] { true, true }));
    }

    [Test]
    public async Task A_fallback_is_not_stored_for_an_activation_whose_record_was_deleted_after_the_sweep_listed_it()
    {
        await using var store = Open();
        await store.AcceptAsync(Accepted("gone"), CancellationToken.None);
        var overdue = await store.ListOverdueAsync(Now.AddHours(1), null, 10, CancellationToken.None);
        await store.StoreAsync(Accepted("gone").Fallback with { Response = ActivationResponse.Success(null) }, CancellationToken.None);
        await store.DeleteAsync("guest", "gone", CancellationToken.None);

        await store.EndOverdueAsync(overdue.Single(), CancellationToken.None);

        Assert.That(await store.GetAsync("guest", "gone", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task Of_many_notes_looked_up_in_batches_exactly_those_without_a_record_are_overdue()
    {
        await using var store = Open();
        for (var i = 0; i < 1200; i++)
        {
            await store.AcceptAsync(Accepted("many" + i), CancellationToken.None);
            if (i % 2 == 0)
            {
                await store.StoreAsync(Accepted("many" + i).Fallback with { Response = ActivationResponse.Success(null) }, CancellationToken.None);
            }
        }

        var overdue = await store.ListOverdueAsync(Now.AddHours(1), null, 2000, CancellationToken.None);

        Assert.That(overdue.Select(a => a.Fallback.ActivationId).Order(), Is.EqualTo(Enumerable.Range(0, 1200).Where(i => i % 2 == 1).Select(i => "many" + i).Order()));
    }

    [Test]
    public async Task Notes_kept_by_a_rewrite_of_their_segment_still_end_with_their_own_fallbacks()
    {
        await using var store = Open();
        foreach (var id in new[] { "done1", "running1", "done2", "running2" })
        {
            await store.AcceptAsync(Accepted(id, name: "action-of-" + id), CancellationToken.None);
        }

        foreach (var id in new[] { "done1", "done2" })
        {
            await store.StoreAsync(Accepted(id).Fallback with { Response = ActivationResponse.Success(null) }, CancellationToken.None);
        }

        // Closed and rewritten: the two running notes move to the start of the segment.
        clock.Advance(AcceptedActivationLog.Window * 2 + AcceptedActivationLog.Grace);
        await store.ListOverdueAsync(Now, null, 10, CancellationToken.None);
        var rewritten = File.ReadAllLines(Directory.GetFiles(JournalFolder).Single());
        var overdue = await store.ListOverdueAsync(Now.AddHours(1), null, 10, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(rewritten, Has.Length.EqualTo(2));
            Assert.That(overdue.Select(a => (a.Fallback.ActivationId, a.Fallback.Name)), Is.EquivalentTo(new[] { ("running1", "action-of-running1"), ("running2", "action-of-running2") }));
            Assert.That(overdue.Select(a => a.Fallback.Response.Result!.Value.GetProperty("error").GetString()), Is.All.EqualTo("the platform stopped"));
        });
    }

    [Test]
    public async Task A_line_whose_fallback_was_cut_short_is_no_note_even_when_a_newline_follows()
    {
        await using (var failed = Open())
        {
            await failed.AcceptAsync(Accepted("whole"), CancellationToken.None);
        }

        // A write that failed halfway, and the newline the next write puts after it.
        var segment = Directory.GetFiles(JournalFolder).Single();
        await File.AppendAllTextAsync(segment, "{\"deadline\":1,\"controller\":\"0\",\"namespace\":\"guest\",\"activationId\":\"cut\",\"fallback\":{\"name\":\"x\"}\n");
        await using var restarted = Open();

        var overdue = await restarted.ListOverdueAsync(Now.AddHours(1), null, 10, CancellationToken.None);

        Assert.That(overdue.Select(a => a.Fallback.ActivationId), Is.EqualTo(new[] { "whole" }));
    }

    private SqliteActivationStore Open() =>
        new(new SqliteDatabase(Options.Create(new SqliteStoreOptions { Path = path })), clock);

    private static AcceptedActivation Accepted(string id, string name = "hello")
    {
        var start = Now.ToUnixTimeMilliseconds();
        var fallback = new ActivationRecord
        {
            Namespace = "guest",
            Name = name,
            Subject = "guest",
            ActivationId = id,
            Start = start,
            End = start,
            Response = ActivationResponse.WhiskError("the platform stopped"),
        };
        return new AcceptedActivation(fallback, Now.AddMinutes(3), "0");
    }

    /// <summary>A clock that jumps ahead once, after it was first read.</summary>
    private sealed class JumpingClock(DateTimeOffset start, TimeSpan jump) : TimeProvider
    {
        private int reads;

        public override DateTimeOffset GetUtcNow() => reads++ == 0 ? start : start + jump;
    }
}
