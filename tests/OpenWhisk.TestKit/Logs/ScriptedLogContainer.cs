using OpenWhisk.Spi.Containers;

namespace OpenWhisk.TestKit.Logs;

/// <summary>
/// A container that only has logs: it answers <see cref="IContainer.ReadLogsAsync"/> with the lines it was given (or
/// the failure it was given) and records each request, so that log store fixtures can check what a store asks for.
/// Running, pausing and destroying are not part of log collection and are refused.
/// </summary>
/// <param name="logs">The logs to answer with.</param>
/// <param name="failure">An exception to throw instead, or <see langword="null"/>.</param>
public sealed class ScriptedLogContainer(ContainerLogs logs, Exception? failure = null) : IContainer
{
    private readonly List<ContainerLogRequest> requests = [];

    /// <summary>Gets the log requests received, in order.</summary>
    public IReadOnlyList<ContainerLogRequest> Requests
    {
        get
        {
            lock (requests)
            {
                return [.. requests];
            }
        }
    }

    /// <inheritdoc />
    public string Id { get; } = "scripted-" + Guid.NewGuid().ToString("N")[..12];

    /// <inheritdoc />
    public ContainerAddress Address { get; } = new("127.0.0.1", 8080);

    /// <inheritdoc />
    public async Task<ContainerLogs> ReadLogsAsync(ContainerLogRequest request, CancellationToken cancellationToken)
    {
        lock (requests)
        {
            requests.Add(request);
        }

        // A real container answers asynchronously; so does this one, so that concurrent collections interleave.
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        return failure is null ? logs : throw failure;
    }

    /// <inheritdoc />
    public Task<ContainerCallResult> InitializeAsync(ReadOnlyMemory<byte> body, ContainerCallOptions options, CancellationToken cancellationToken) =>
        throw new NotSupportedException("A scripted log container runs nothing.");

    /// <inheritdoc />
    public Task<ContainerCallResult> RunAsync(ReadOnlyMemory<byte> body, ContainerCallOptions options, CancellationToken cancellationToken) =>
        throw new NotSupportedException("A scripted log container runs nothing.");

    /// <inheritdoc />
    public Task SuspendAsync(CancellationToken cancellationToken) => throw new NotSupportedException("A scripted log container is never paused.");

    /// <inheritdoc />
    public Task ResumeAsync(CancellationToken cancellationToken) => throw new NotSupportedException("A scripted log container is never paused.");

    /// <inheritdoc />
    public Task DestroyAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
