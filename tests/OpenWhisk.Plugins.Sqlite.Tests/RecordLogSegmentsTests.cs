using System.Diagnostics;

namespace OpenWhisk.Plugins.Sqlite.Tests;

/// <summary>
/// The record log's segment files: a writer's new segment is never taken for a leftover by a store that searches the
/// folder at the same time, and a segment whose creation was abandoned goes.
/// </summary>
[TestFixture]
public sealed class RecordLogSegmentsTests
{
    private string folder = null!;

    [SetUp]
    public void CreateFolder() => folder = Directory.CreateTempSubdirectory("ow-record-segments-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(folder, recursive: true);

    [Test]
    public async Task A_writer_opens_new_segments_while_another_store_searches_for_leftovers_and_no_append_fails()
    {
        using var writer = new RecordLogSegments(folder, TimeProvider.System);
        using var searcher = new RecordLogSegments(folder, TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var taken = 0;
        var searching = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                // What a starting store does: take the unlocked segments, commit them (here: count), delete them.
                var leftovers = searcher.OpenLeftovers();
                taken += leftovers.Sum(l => l.Rows.Count);
                RecordLogSegments.Delete(leftovers.Select(l => l.File.Name));
                foreach (var (file, _) in leftovers)
                {
                    file.Dispose();
                }
            }
        });

        var appended = 0;
        var clock = Stopwatch.StartNew();
        try
        {
            while (clock.Elapsed < TimeSpan.FromSeconds(2))
            {
                // Every append opens a segment of its own: each is a chance for the search to find it being created.
                writer.Append(Forgotten(appended++));
                var closed = writer.TakeClosed();
                Assert.That(closed, Has.Count.EqualTo(1));
            }
        }
        finally
        {
            await stop.CancelAsync();
            await searching;
        }

        Assert.That(appended, Is.GreaterThan(100), "enough segments opened to meet the search");
        Assert.That(taken, Is.LessThanOrEqualTo(appended), "a closed segment may be taken by the search, never more rows than written");
    }

    [Test]
    public void A_segment_being_created_is_not_a_leftover_and_an_abandoned_creation_goes_after_a_minute()
    {
        var creating = Path.Combine(folder, "0000000001000-0badcafe-00000000.log.new");
        var abandoned = Path.Combine(folder, "0000000000500-0deadbee-00000000.log.new");
        File.WriteAllBytes(abandoned, []);
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow - TimeSpan.FromMinutes(2));
        using var searcher = new RecordLogSegments(folder, TimeProvider.System);

        using (new FileStream(creating, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            Assert.That(searcher.OpenLeftovers(), Is.Empty);
        }

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(abandoned), Is.False, "empty, unlocked and older than a minute");
            Assert.That(File.Exists(creating), Is.True, "younger than a minute: it may be a live writer's");
        });
    }

    private static PendingActivationRow Forgotten(int index) =>
        new(PendingRowKind.Forget, "guest", "activation" + index, string.Empty, 1000 + index, []);
}
