using System.Text;
using System.Threading.Channels;
using Docker.DotNet;
using Docker.DotNet.Models;
using OpenWhisk.Spi.Containers;

namespace OpenWhisk.Plugins.Docker;

/// <summary>
/// Follows one container's log stream through the Engine API (<c>GET /containers/{id}/logs?follow=1</c>,
/// multiplexed frames with timestamps) and hands out the lines of each activation, up to the proxy's sentinels.
/// One stream per container, opened on the first read, so collecting logs costs no API call per activation.
/// </summary>
internal sealed class ContainerLogFollower(DockerClient client, string containerId, TimeProvider timeProvider) : IAsyncDisposable
{
    private readonly Channel<ContainerLogLine> lines = Channel.CreateUnbounded<ContainerLogLine>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource stopping = new();
    private Task? pump;

    public async Task<ContainerLogs> ReadActivationAsync(ContainerLogRequest request, CancellationToken cancellationToken)
    {
        pump ??= PumpAsync(stopping.Token);
        var collected = new List<ContainerLogLine>();
        long bytes = 0;
        var truncated = false;
        var stdoutSentinel = false;
        var stderrSentinel = false;
        var idle = request.WaitForSentinel ? request.IdleTimeout : TimeSpan.FromMilliseconds(100);
        var total = TimeSpan.FromSeconds(Math.Max(request.LimitBytes / (1024 * 1024), 5) * 2);
        using var overall = new CancellationTokenSource(total, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(overall.Token, cancellationToken);
        while (!(stdoutSentinel && stderrSentinel))
        {
            var line = await NextAsync(idle, linked.Token);
            if (line is null)
            {
                return new ContainerLogs(collected, truncated, Incomplete: request.WaitForSentinel);
            }

            if (line.Message == ActionProxyProtocol.LogSentinel)
            {
                stdoutSentinel |= line.Stream == "stdout";
                stderrSentinel |= line.Stream == "stderr";
                continue;
            }

            bytes += Encoding.UTF8.GetByteCount(line.Message) + line.Time.Length + line.Stream.Length + 4;
            if (bytes > request.LimitBytes)
            {
                truncated = true;
                continue;
            }

            collected.Add(line);
        }

        return new ContainerLogs(collected, truncated, Incomplete: false);
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        if (pump is not null)
        {
            try
            {
                await pump;
            }
            catch (OperationCanceledException)
            {
            }
        }

        stopping.Dispose();
    }

    private async Task<ContainerLogLine?> NextAsync(TimeSpan idle, CancellationToken cancellationToken)
    {
        if (lines.Reader.TryRead(out var ready))
        {
            return ready;
        }

        using var idleTimeout = new CancellationTokenSource(idle, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(idleTimeout.Token, cancellationToken);
        try
        {
            while (await lines.Reader.WaitToReadAsync(linked.Token))
            {
                if (lines.Reader.TryRead(out var line))
                {
                    return line;
                }
            }

            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested || idleTimeout.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        var parameters = new ContainerLogsParameters { Follow = true, ShowStdout = true, ShowStderr = true, Timestamps = true };
        var partial = new[] { new StringBuilder(), new StringBuilder() };
        var decoders = new[] { Encoding.UTF8.GetDecoder(), Encoding.UTF8.GetDecoder() };
        var buffer = new byte[16 * 1024];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
        try
        {
            using var stream = await client.Containers.GetContainerLogsAsync(containerId, tty: false, parameters, cancellationToken);
            while (true)
            {
                var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
                if (read.EOF)
                {
                    break;
                }

                var index = read.Target == MultiplexedStream.TargetStream.StandardError ? 1 : 0;
                var count = decoders[index].GetChars(buffer, 0, read.Count, chars, 0);
                Split(partial[index], chars.AsSpan(0, count), index == 1 ? "stderr" : "stdout");
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or HttpRequestException or DockerApiException)
        {
            // The container is gone or the follower was stopped; readers see the end of the stream.
        }
        finally
        {
            lines.Writer.TryComplete();
        }
    }

    private void Split(StringBuilder partial, ReadOnlySpan<char> text, string stream)
    {
        while (!text.IsEmpty)
        {
            var newline = text.IndexOf('\n');
            if (newline < 0)
            {
                partial.Append(text);
                return;
            }

            partial.Append(text[..newline]);
            text = text[(newline + 1)..];
            var line = partial.ToString();
            partial.Clear();
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            lines.Writer.TryWrite(space > 0
                ? new ContainerLogLine(line[..space], stream, line[(space + 1)..])
                : new ContainerLogLine(string.Empty, stream, line));
        }
    }
}
