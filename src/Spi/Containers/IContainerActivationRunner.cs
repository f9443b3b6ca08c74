using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Spi.Containers;

/// <summary>
/// Runs activations in action containers exactly as an invoker does: <c>/init</c> and <c>/run</c>, the activation
/// record with OpenWhisk's annotations, log collection through the selected <see cref="Logs.ILogStore"/>, storing the
/// record, and the acknowledgements (result, then completion after the record is stored). Provided by the host
/// (the controller) to plugins that own containers themselves, such as the <c>direct</c> balancer, so that they
/// need not repeat any of it. Thread-safe.
/// </summary>
public interface IContainerActivationRunner
{
    /// <summary>
    /// Builds the request that creates a container for <paramref name="action"/>: the image of its kind from the
    /// runtimes manifest (or its own image for a blackbox action) and its memory limit.
    /// </summary>
    /// <param name="action">The action the container is for.</param>
    /// <param name="owner">The owner prefix of the container (see <see cref="ContainerRequest.Owner"/>).</param>
    /// <param name="name">The container's name.</param>
    /// <param name="transactionId">The transaction that caused the creation, if any.</param>
    /// <returns>The request.</returns>
    ContainerRequest ContainerRequestFor(WhiskAction action, string owner, string name, TransactionId? transactionId);

    /// <summary>
    /// Builds the request that creates a stem cell: a container of the image of <paramref name="kind"/> from the
    /// runtimes manifest, not yet initialized with any action (<see cref="ContainerRequest.ActionName"/> is null).
    /// </summary>
    /// <param name="kind">The kind, as the manifest or an action names it (<c>nodejs:20</c>, <c>nodejs:default</c>).</param>
    /// <param name="memoryMb">The memory limit in megabytes.</param>
    /// <param name="owner">The owner prefix of the container (see <see cref="ContainerRequest.Owner"/>).</param>
    /// <param name="name">The container's name.</param>
    /// <returns>The request, or <see langword="null"/> when the manifest knows no such kind.</returns>
    ContainerRequest? StemCellRequestFor(string kind, int memoryMb, string owner, string name);

    /// <summary>
    /// Runs one activation in a container: initializes it first when <see cref="ContainerRun.Initialize"/> is set,
    /// then runs it, reports the result and the completion to <see cref="ContainerRun.Acknowledge"/> and stores the
    /// record. Never throws for a failure of the action or the container; the verdict says what to do with the
    /// container.
    /// </summary>
    /// <param name="run">The activation, the container and where acknowledgements go.</param>
    /// <param name="cancellationToken">Cancels the run (shutdown).</param>
    /// <returns>The verdict and the reported record (none when the container was unusable before the action ran).</returns>
    Task<ContainerRunResult> RunAsync(ContainerRun run, CancellationToken cancellationToken);

    /// <summary>
    /// Ends an activation that never got a container with <paramref name="response"/> (for example the
    /// <c>/init</c> failure of the container it waited for): stores its record, then acknowledges it.
    /// </summary>
    /// <param name="run">The activation; <see cref="ContainerRun.Container"/> is not used.</param>
    /// <param name="response">The response the record carries.</param>
    /// <param name="cancellationToken">Cancels storing.</param>
    /// <returns>The stored record.</returns>
    Task<ActivationRecord> AbortAsync(ContainerRun run, ActivationResponse response, CancellationToken cancellationToken);
}
