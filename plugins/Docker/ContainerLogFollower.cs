using System.Globalization;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using OpenWhisk.Spi.Containers;

namespace OpenWhisk.Plugins.Docker;

/// <summary>
/// Follows one container's log and hands out the lines of each activation, up to the proxy's sentinels: from the
/// engine's json-file log when <paramref name="logFile"/> names one this process can read (see
/// <see cref="JsonLogFileReader"/>), otherwise through the Engine API (<c>GET /containers/{id}/logs?follow=1</c>,
/// multiplexed frames with timestamps). One source per container, opened on the first read, so collecting logs
/// costs no API call per activation.
/// </summary>
internal sealed class ContainerLogFollower(DockerClient client, string containerId, string? logFile, TimeProvider timeProvider) : IAsyncDisposable
{
    private readonly ContainerLogLines lines = new(timeProvider);
    private readonly CancellationTokenSource stopping = new();
    private Task? pump;

    /// <summary>Reads one activation's lines (see <see cref="ContainerLogLines"/>); the stream is opened on the first read.</summary>
    public Task<ContainerLogs> ReadActivationAsync(ContainerLogRequest request, CancellationToken cancellationToken)
    {
        pump ??= logFile is null ? PumpAsync(stopping.Token) : new JsonLogFileReader(logFile, lines, timeProvider).RunAsync(stopping.Token);
        return lines.TakeActivationAsync(request, cancellationToken);
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

    /// <summary>
    /// Reads the API's log stream. Without the engine's timestamps: it puts one in front of every entry, and a line
    /// longer than an entry (16 KiB) would carry one in its middle; lines are stamped when they arrive instead.
    /// </summary>
    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        var parameters = new ContainerLogsParameters { Follow = true, ShowStdout = true, ShowStderr = true, Timestamps = false };
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
                Split(partial[index], chars.AsSpan(0, count), index);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or HttpRequestException or DockerApiException)
        {
            // The container is gone or the follower was stopped; readers see the end of the stream.
        }
        finally
        {
            lines.End();
        }
    }

    private void Split(StringBuilder partial, ReadOnlySpan<char> text, int stream)
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
            var time = timeProvider.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
            lines.Append(stream, new ContainerLogLine(time, stream == ContainerLogLines.Stderr ? "stderr" : "stdout", line));
        }
    }
}
