using System.Text;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Toolkit.Containers;

namespace OpenWhisk.Spi.Toolkit.Tests;

/// <summary>How raw stdout/stderr chunks become log lines.</summary>
[TestFixture]
public sealed class LogStreamDecoderTests
{
    private static readonly ContainerLogRequest UpToSentinels = new() { LimitBytes = 1024 * 1024, WaitForSentinel = true, IdleTimeout = TimeSpan.FromSeconds(2) };

    [Test]
    public async Task Joins_lines_and_characters_split_between_chunks_and_keeps_the_streams_apart()
    {
        var lines = new ActivationLogLines(TimeProvider.System);
        var decoder = new LogStreamDecoder(lines, TimeProvider.System);
        var text = Encoding.UTF8.GetBytes("grüße 🌍\nsecond line\n" + ActionProxyProtocol.LogSentinel + "\n");
        var euro = Encoding.UTF8.GetBytes("€ error\n" + ActionProxyProtocol.LogSentinel + "\n");

        // Cut inside the multi-byte characters: the ü (2 bytes), the globe (4 bytes), the euro sign (3 bytes).
        decoder.Write(ActivationLogLines.Stdout, text.AsSpan(0, 3));
        decoder.Write(ActivationLogLines.Stderr, euro.AsSpan(0, 1));
        decoder.Write(ActivationLogLines.Stdout, text.AsSpan(3, 7));
        decoder.Write(ActivationLogLines.Stderr, euro.AsSpan(1));
        decoder.Write(ActivationLogLines.Stdout, text.AsSpan(10));
        var logs = await lines.TakeActivationAsync(UpToSentinels, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(logs.Lines.Select(l => (l.Stream, l.Message)), Is.EquivalentTo(new[] { ("stdout", "grüße 🌍"), ("stdout", "second line"), ("stderr", "€ error") }));
            Assert.That(logs.Lines.Where(l => l.Stream == "stdout").Select(l => l.Message), Is.EqualTo(new[] { "grüße 🌍", "second line" }));
            Assert.That(logs.Incomplete, Is.False);
        });
    }

    [Test]
    public async Task A_line_longer_than_a_line_may_be_is_handed_on_in_pieces_with_nothing_lost()
    {
        var lines = new ActivationLogLines(TimeProvider.System);
        var decoder = new LogStreamDecoder(lines, TimeProvider.System);
        var chunk = Encoding.UTF8.GetBytes(new string('x', 64 * 1024));
        var total = (ActivationLogLines.MaxLineLength * 2) + 1000;

        // Printed without a newline, in chunks, then ended.
        for (var written = 0; written < total; written += chunk.Length)
        {
            decoder.Write(ActivationLogLines.Stdout, chunk.AsSpan(0, Math.Min(chunk.Length, total - written)));
        }

        decoder.Write(ActivationLogLines.Stdout, Encoding.UTF8.GetBytes("\n" + ActionProxyProtocol.LogSentinel + "\n"));
        decoder.Write(ActivationLogLines.Stderr, Encoding.UTF8.GetBytes(ActionProxyProtocol.LogSentinel + "\n"));
        var logs = await lines.TakeActivationAsync(UpToSentinels with { LimitBytes = 10 * 1024 * 1024 }, CancellationToken.None);

        Assert.That(logs.Lines.Select(l => l.Message.Length), Is.EqualTo(new[] { ActivationLogLines.MaxLineLength, ActivationLogLines.MaxLineLength, 1000 }));
    }

    [Test]
    public async Task A_line_without_its_newline_yet_waits_for_the_rest()
    {
        var lines = new ActivationLogLines(TimeProvider.System);
        var decoder = new LogStreamDecoder(lines, TimeProvider.System);

        decoder.Write(ActivationLogLines.Stdout, "half a li"u8);
        var early = await lines.TakeActivationAsync(UpToSentinels with { WaitForSentinel = false }, CancellationToken.None);
        decoder.Write(ActivationLogLines.Stdout, Encoding.UTF8.GetBytes("ne\n" + ActionProxyProtocol.LogSentinel + "\n"));
        decoder.Write(ActivationLogLines.Stderr, Encoding.UTF8.GetBytes(ActionProxyProtocol.LogSentinel + "\n"));
        var complete = await lines.TakeActivationAsync(UpToSentinels, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(early.Lines, Is.Empty);
            Assert.That(complete.Lines.Select(l => l.Message), Is.EqualTo(new[] { "half a line" }));
        });
    }
}
