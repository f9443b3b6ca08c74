using Docker.DotNet;
using OpenWhisk.Spi.Toolkit.Containers;

namespace OpenWhisk.Spi.Toolkit.Docker;

/// <summary>
/// Feeds <see cref="ActivationLogLines"/> from an Engine API log stream (a container's or a Swarm service's
/// <c>logs?follow=1</c>: multiplexed stdout/stderr frames). Without the engine's timestamps: it puts one in front of
/// every entry, and a line longer than an entry (16 KiB) would carry one in its middle; lines are stamped when they
/// arrive instead.
/// </summary>
public static class EngineLogStream
{
    /// <summary>Reads the stream until it ends or <paramref name="cancellationToken"/> fires, then ends the lines.</summary>
    /// <param name="open">Opens the log stream.</param>
    /// <param name="lines">Where the lines go.</param>
    /// <param name="timeProvider">The clock of the lines' timestamps.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>A task that completes when the stream ended; it never throws for a broken stream.</returns>
    public static async Task PumpAsync(
        Func<CancellationToken, Task<MultiplexedStream>> open, ActivationLogLines lines, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(lines);
        var decoder = new LogStreamDecoder(lines, timeProvider);
        var buffer = new byte[16 * 1024];
        try
        {
            using var stream = await open(cancellationToken);
            while (true)
            {
                var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
                if (read.EOF)
                {
                    break;
                }

                var index = read.Target == MultiplexedStream.TargetStream.StandardError ? ActivationLogLines.Stderr : ActivationLogLines.Stdout;
                decoder.Write(index, buffer.AsSpan(0, read.Count));
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or HttpRequestException or DockerApiException)
        {
            // The container is gone or the reader was stopped; readers see the end of the stream.
        }
        finally
        {
            lines.End();
        }
    }
}
