using Docker.DotNet;
using Docker.DotNet.Models;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Toolkit.Containers;
using OpenWhisk.Spi.Toolkit.Docker;

namespace OpenWhisk.Plugins.Docker;

/// <summary>
/// Follows one container's log and hands out the lines of each activation, up to the proxy's sentinels: from the
/// json-file log <paramref name="logFile"/> names, the engine's or the proxy's own, when this process can read it (see
/// <see cref="JsonLogFileReader"/>), otherwise through the Engine API (<c>GET /containers/{id}/logs?follow=1</c>,
/// see <see cref="EngineLogStream"/>). One source per container, opened on the first read, so collecting logs
/// costs no API call per activation.
/// </summary>
internal sealed class ContainerLogFollower(DockerClient client, string containerId, LogFileToRead? logFile, TimeProvider timeProvider) : IAsyncDisposable
{
    private readonly ActivationLogLines lines = new(timeProvider);
    private readonly CancellationTokenSource stopping = new();
    private Task? pump;

    /// <summary>Reads one activation's lines (see <see cref="ActivationLogLines"/>); the stream is opened on the first read.</summary>
    public Task<ContainerLogs> ReadActivationAsync(ContainerLogRequest request, CancellationToken cancellationToken)
    {
        Start();
        return lines.TakeActivationAsync(request, cancellationToken);
    }

    /// <summary>
    /// Opens the log source if it is not open yet; a file the proxy writes is opened with the container, so that its
    /// size is watched from the first line on.
    /// </summary>
    public void Start() =>
        pump ??= logFile is null
            ? EngineLogStream.PumpAsync(
                token => client.Containers.GetContainerLogsAsync(
                    containerId, tty: false, new ContainerLogsParameters { Follow = true, ShowStdout = true, ShowStderr = true, Timestamps = false }, token),
                lines,
                timeProvider,
                stopping.Token)
            : new JsonLogFileReader(logFile.Path, lines, timeProvider, freeRead: logFile.WrittenByProxy).RunAsync(stopping.Token);

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
}
