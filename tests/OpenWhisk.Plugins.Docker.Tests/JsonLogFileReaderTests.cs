using System.Text.Json;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Toolkit.Containers;

namespace OpenWhisk.Plugins.Docker.Tests;

/// <summary>
/// The json-file reader follows the engine's rotation (<c>max-size</c>) without losing or repeating lines, and frees
/// the space of what it read from a proxy's own file.
/// </summary>
[TestFixture]
public sealed class JsonLogFileReaderTests
{
    private string directory = null!;
    private string path = null!;

    [SetUp]
    public void CreateDirectory()
    {
        directory = Directory.CreateTempSubdirectory("owlogs").FullName;
        path = Path.Combine(directory, "c-json.log");
        File.WriteAllText(path, string.Empty);
    }

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(directory, recursive: true);

    [Test]
    public async Task Lines_of_an_activation_continue_in_the_new_file_after_a_rename_rotation()
    {
        await using var reading = Start(out var lines);
        Append(path, "first");
        File.Move(path, path + ".1");
        Append(path + ".1", "written before the rename took effect");
        Append(path, "second");
        Append(path, ActionProxyProtocol.LogSentinel);

        var logs = await lines.TakeActivationAsync(Request(), CancellationToken.None);

        Assert.That(logs.Lines.Select(l => l.Message), Is.EqualTo(new[] { "first", "written before the rename took effect", "second" }));
        Assert.That(logs.Incomplete, Is.False);
    }

    [Test]
    public async Task Files_rotated_before_the_first_read_are_read_first_oldest_first()
    {
        Append(path, "oldest");
        File.Move(path, path + ".1");
        Append(path, "older");
        File.Move(path + ".1", path + ".2");
        File.Move(path, path + ".1");
        Append(path, "newest");
        Append(path, ActionProxyProtocol.LogSentinel);
        await using var reading = Start(out var lines);

        var logs = await lines.TakeActivationAsync(Request(), CancellationToken.None);

        Assert.That(logs.Lines.Select(l => l.Message), Is.EqualTo(new[] { "oldest", "older", "newest" }));
    }

    [Test]
    public async Task Later_activations_read_the_new_file_from_its_start()
    {
        await using var reading = Start(out var lines);
        Append(path, "one");
        Append(path, ActionProxyProtocol.LogSentinel);
        var first = await lines.TakeActivationAsync(Request(), CancellationToken.None);
        File.Move(path, path + ".1");
        Append(path, "two");
        Append(path, ActionProxyProtocol.LogSentinel);

        var second = await lines.TakeActivationAsync(Request(), CancellationToken.None);

        Assert.That(first.Lines.Select(l => l.Message), Is.EqualTo(new[] { "one" }));
        Assert.That(second.Lines.Select(l => l.Message), Is.EqualTo(new[] { "two" }));
    }

    [Test]
    public async Task A_log_truncated_in_place_is_read_again_from_its_start()
    {
        await using var reading = Start(out var lines);
        Append(path, "a line long enough to be longer than what follows the truncation");
        Append(path, ActionProxyProtocol.LogSentinel);
        await lines.TakeActivationAsync(Request(), CancellationToken.None);
        using (var truncate = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            truncate.SetLength(0);
        }

        Append(path, "after");
        Append(path, ActionProxyProtocol.LogSentinel);
        var logs = await lines.TakeActivationAsync(Request(), CancellationToken.None);

        Assert.That(logs.Lines.Select(l => l.Message), Is.EqualTo(new[] { "after" }));
    }

    [Test]
    public async Task A_line_longer_than_a_line_may_be_is_handed_on_in_pieces_with_nothing_lost()
    {
        // The engine writes a line printed without a newline as entries of 16 KiB without one.
        var piece = new string('y', 16 * 1024);
        var entries = (ActivationLogLines.MaxLineLength / piece.Length) + 2;
        using (var file = new StreamWriter(path, append: true))
        {
            for (var i = 0; i < entries; i++)
            {
                file.WriteLine(JsonSerializer.Serialize(new { log = piece, stream = "stdout", time = "2026-12-04T00:00:00.000000000Z" }));
            }
        }

        Append(path, "end");
        Append(path, ActionProxyProtocol.LogSentinel);
        await using var reading = Start(out var lines);

        var logs = await lines.TakeActivationAsync(Request() with { LimitBytes = 10 * 1024 * 1024 }, CancellationToken.None);

        Assert.That(logs.Lines.Select(l => l.Message.Length), Is.EqualTo(new[] { ActivationLogLines.MaxLineLength, (2 * piece.Length) + "end".Length }));
    }

    [Test]
    public async Task A_proxy_written_file_has_the_space_of_read_lines_freed_while_its_size_and_later_lines_stay()
    {
        await using var reading = Start(out var lines, freeRead: true);
        var line = new string('z', 1000);
        var count = (int)(ProxyLogFileSpace.FreeAfterBytes / 1000) + 64;
        for (var i = 0; i < count; i++)
        {
            Append(path, line);
        }

        Append(path, ActionProxyProtocol.LogSentinel);
        var first = await lines.TakeActivationAsync(Request() with { LimitBytes = 10 * 1024 * 1024 }, CancellationToken.None);
        var size = new FileInfo(path).Length;
        var freed = false;
        for (var i = 0; i < 100 && !freed; i++)
        {
            freed = FirstBlock().All(b => b == 0);
            await Task.Delay(50);
        }

        Append(path, "after the free");
        Append(path, ActionProxyProtocol.LogSentinel);
        var second = await lines.TakeActivationAsync(Request(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(first.Lines, Has.Count.EqualTo(count));
            Assert.That(freed, Is.True, "the first block reads as zeros once its lines were read");
            Assert.That(new FileInfo(path).Length, Is.GreaterThan(size), "the file keeps its size and grows on");
            Assert.That(second.Lines.Select(l => l.Message), Is.EqualTo(new[] { "after the free" }));
        });
    }

    [Test]
    public async Task A_proxy_written_file_past_its_bound_is_emptied_while_nobody_reads_and_a_notice_stands_for_the_lost_lines()
    {
        await using var reading = Start(out var lines, freeRead: true);
        var entry = JsonSerializer.Serialize(new { log = new string('w', 16 * 1024) + "\n", stream = "stdout", time = "2026-12-04T00:00:00.000000000Z" }) + "\n";
        using (var file = new StreamWriter(path, append: true))
        {
            for (long written = 0; written <= ProxyLogFileSpace.MaxUnreadBytes; written += entry.Length)
            {
                await file.WriteAsync(entry);
            }
        }

        var emptied = false;
        for (var i = 0; i < 100 && !emptied; i++)
        {
            await Task.Delay(50);
            emptied = new FileInfo(path).Length == 0;
        }

        Append(path, "after the bound");
        Append(path, ActionProxyProtocol.LogSentinel);
        var logs = await lines.TakeActivationAsync(Request() with { LimitBytes = 64 * 1024 * 1024 }, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(emptied, Is.True, "the file was emptied within a few watch intervals, with no activation waiting");
            Assert.That(logs.Lines.Select(l => l.Message), Is.EqualTo(new[] { ProxyLogFileSpace.DroppedNotice, "after the bound" }));
            Assert.That(logs.Lines[0].Stream, Is.EqualTo("stderr"));
        });
    }

    private byte[] FirstBlock()
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var block = new byte[4096];
        file.ReadExactly(block);
        return block;
    }

    [Test]
    public async Task Each_line_keeps_its_time_and_only_the_whole_sentinel_ends_an_activation()
    {
        const string sentinel = ActionProxyProtocol.LogSentinel;
        await using var reading = Start(out var lines);
        AppendEntry("plain\n", "2026-12-04T00:00:01.000000000Z");
        AppendEntry("escaped time\n", "2026-12-04T00:00:0\\u0032.000000000Z");
        AppendEntry(sentinel + " and more\n", "2026-12-04T00:00:03.000000000Z");
        AppendEntry(sentinel[..10], "2026-12-04T00:00:04.000000000Z");
        AppendEntry(sentinel[10..] + "\n", "2026-12-04T00:00:05.000000000Z");
        AppendEntry(sentinel + "\n", "2026-12-04T00:00:06.000000000Z", "stderr");
        Append(path, "next activation");
        Append(path, sentinel);

        var first = await lines.TakeActivationAsync(Request(), CancellationToken.None);
        var second = await lines.TakeActivationAsync(Request(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(first.Lines.Select(l => l.Message), Is.EqualTo(new[] { "plain", "escaped time", sentinel + " and more" }));
            Assert.That(first.Lines.Select(l => l.Time), Is.EqualTo(new[]
            {
                "2026-12-04T00:00:01.000000000Z", "2026-12-04T00:00:02.000000000Z", "2026-12-04T00:00:03.000000000Z",
            }));
            Assert.That(first.Incomplete, Is.False, "a sentinel split over two entries still ends the activation");
            Assert.That(second.Lines.Select(l => l.Message), Is.EqualTo(new[] { "next activation" }));
        });
    }

    private void AppendEntry(string log, string rawTime, string stream = "stdout") =>
        File.AppendAllText(path, "{\"log\":" + JsonSerializer.Serialize(log) + ",\"stream\":\"" + stream + "\",\"time\":\"" + rawTime + "\"}\n");

    private static ContainerLogRequest Request() => new() { LimitBytes = 1024 * 1024, WaitForSentinel = true, IdleTimeout = TimeSpan.FromSeconds(5) };

    private static void Append(string file, string message)
    {
        var entry = JsonSerializer.Serialize(new { log = message + "\n", stream = "stdout", time = "2026-12-04T00:00:00.000000000Z" });
        var sentinelOnStderr = message == ActionProxyProtocol.LogSentinel
            ? JsonSerializer.Serialize(new { log = message + "\n", stream = "stderr", time = "2026-12-04T00:00:00.000000000Z" }) + "\n"
            : string.Empty;
        File.AppendAllText(file, entry + "\n" + sentinelOnStderr);
    }

    private Reading Start(out ActivationLogLines lines, bool freeRead = false)
    {
        lines = new ActivationLogLines(TimeProvider.System);
        var stop = new CancellationTokenSource();
        return new Reading(new JsonLogFileReader(path, lines, TimeProvider.System, freeRead).RunAsync(stop.Token), stop);
    }

    private sealed record Reading(Task Task, CancellationTokenSource Stop) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Stop.CancelAsync();
            await Task.WaitAsync(TimeSpan.FromSeconds(10));
            Stop.Dispose();
        }
    }
}
