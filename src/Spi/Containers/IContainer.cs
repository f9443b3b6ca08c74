namespace OpenWhisk.Spi.Containers;

/// <summary>
/// A running action container. <see cref="RunAsync"/> may be called concurrently (up to the action's
/// concurrency); the other members are called by one owner at a time.
/// </summary>
public interface IContainer
{
    /// <summary>Gets the container id.</summary>
    string Id { get; }

    /// <summary>Gets the address of the container's action proxy.</summary>
    ContainerAddress Address { get; }

    /// <summary>
    /// Sends <c>POST /init</c> with <paramref name="body"/>, retrying while the proxy does not accept
    /// connections yet, within <see cref="ContainerCallOptions.Timeout"/>.
    /// </summary>
    /// <param name="body">The UTF-8 JSON body, <c>{"value": {...}}</c>.</param>
    /// <param name="options">Timeout and response limits.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The raw outcome.</returns>
    Task<ContainerCallResult> InitializeAsync(ReadOnlyMemory<byte> body, ContainerCallOptions options, CancellationToken cancellationToken);

    /// <summary>Sends <c>POST /run</c> with <paramref name="body"/>.</summary>
    /// <param name="body">The UTF-8 JSON body, <c>{"value": {...}, "namespace": ..., ...}</c>.</param>
    /// <param name="options">Timeout and response limits.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The raw outcome.</returns>
    Task<ContainerCallResult> RunAsync(ReadOnlyMemory<byte> body, ContainerCallOptions options, CancellationToken cancellationToken);

    /// <summary>Freezes the container's processes (Docker pause).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the container is paused.</returns>
    Task SuspendAsync(CancellationToken cancellationToken);

    /// <summary>Thaws a paused container.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the container runs again.</returns>
    Task ResumeAsync(CancellationToken cancellationToken);

    /// <summary>Removes the container (resuming it first if paused). Must not throw if it is already gone.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the container is gone.</returns>
    Task DestroyAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Reads the log lines written since the previous call, up to the sentinels when
    /// <see cref="ContainerLogRequest.WaitForSentinel"/> is set. Never waits longer than the idle timeout for a line.
    /// </summary>
    /// <param name="request">Limit and sentinel handling.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The lines of the last activation.</returns>
    Task<ContainerLogs> ReadLogsAsync(ContainerLogRequest request, CancellationToken cancellationToken);
}
