using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Toolkit.Containers;

namespace OpenWhisk.Spi.Toolkit.Tests;

/// <summary>How activations take their lines from a container's log stream (no engine needed).</summary>
[TestFixture]
public sealed class ActivationLogLinesTests
{
    private static readonly ContainerLogRequest WaitForSentinels = new() { LimitBytes = 1024 * 1024, WaitForSentinel = true, IdleTimeout = TimeSpan.FromSeconds(5) };

    [Test]
    public async Task Each_activation_takes_each_stream_up_to_its_own_sentinel_when_a_later_activation_wrote_to_one_stream_first()
    {
        var lines = new ActivationLogLines(TimeProvider.System);
        // The engine delivered the second activation's stdout before the first activation's stderr.
        Out(lines, "a out");
        Out(lines, ActionProxyProtocol.LogSentinel);
        Out(lines, "b out");
        Out(lines, ActionProxyProtocol.LogSentinel);
        Err(lines, "a err");
        Err(lines, ActionProxyProtocol.LogSentinel);
        Err(lines, "b err");
        Err(lines, ActionProxyProtocol.LogSentinel);

        var first = await lines.TakeActivationAsync(WaitForSentinels, CancellationToken.None);
        var second = await lines.TakeActivationAsync(WaitForSentinels, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(first.Lines.Select(l => l.Stream + " " + l.Message), Is.EqualTo(new[] { "stdout a out", "stderr a err" }));
            Assert.That(first.Incomplete, Is.False);
            Assert.That(second.Lines.Select(l => l.Stream + " " + l.Message), Is.EqualTo(new[] { "stdout b out", "stderr b err" }));
            Assert.That(second.Incomplete, Is.False);
        });
    }

    [Test]
    public async Task Keeps_the_order_in_which_the_engine_delivered_lines_of_both_streams()
    {
        var lines = new ActivationLogLines(TimeProvider.System);
        Err(lines, "1");
        Out(lines, "2");
        Err(lines, "3");
        Out(lines, "4");
        Out(lines, ActionProxyProtocol.LogSentinel);
        Err(lines, ActionProxyProtocol.LogSentinel);

        var logs = await lines.TakeActivationAsync(WaitForSentinels, CancellationToken.None);

        Assert.That(logs.Lines.Select(l => l.Message), Is.EqualTo(new[] { "1", "2", "3", "4" }));
    }

    [Test]
    public async Task Waits_for_sentinels_that_arrive_after_the_read_began()
    {
        var lines = new ActivationLogLines(TimeProvider.System);
        var reading = lines.TakeActivationAsync(WaitForSentinels, CancellationToken.None);
        Out(lines, "late");
        Out(lines, ActionProxyProtocol.LogSentinel);
        Assert.That(reading.IsCompleted, Is.False, "stderr's sentinel is still missing");
        Err(lines, ActionProxyProtocol.LogSentinel);

        var logs = await reading.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.That(logs.Lines.Select(l => l.Message), Is.EqualTo(new[] { "late" }));
    }

    [Test]
    public async Task Reports_incomplete_logs_when_a_sentinel_does_not_come_within_the_idle_time()
    {
        var lines = new ActivationLogLines(TimeProvider.System);
        Out(lines, "only stdout");
        Out(lines, ActionProxyProtocol.LogSentinel);

        var logs = await lines.TakeActivationAsync(WaitForSentinels with { IdleTimeout = TimeSpan.FromMilliseconds(50) }, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(logs.Lines.Select(l => l.Message), Is.EqualTo(new[] { "only stdout" }));
            Assert.That(logs.Incomplete, Is.True);
        });
    }

    [Test]
    public async Task Stops_waiting_when_the_stream_ends()
    {
        var lines = new ActivationLogLines(TimeProvider.System);
        var reading = lines.TakeActivationAsync(WaitForSentinels, CancellationToken.None);
        Out(lines, "last words");
        lines.End();

        var logs = await reading.WaitAsync(TimeSpan.FromSeconds(2));

        Assert.Multiple(() =>
        {
            Assert.That(logs.Lines.Select(l => l.Message), Is.EqualTo(new[] { "last words" }));
            Assert.That(logs.Incomplete, Is.True);
        });
    }

    private static void Out(ActivationLogLines lines, string message) =>
        lines.Append(ActivationLogLines.Stdout, new ContainerLogLine("2026-11-30T00:00:00Z", "stdout", message));

    private static void Err(ActivationLogLines lines, string message) =>
        lines.Append(ActivationLogLines.Stderr, new ContainerLogLine("2026-11-30T00:00:00Z", "stderr", message));
}
