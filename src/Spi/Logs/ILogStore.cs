using OpenWhisk.Spi.Activations;

namespace OpenWhisk.Spi.Logs;

/// <summary>
/// Collects the logs of an activation on the invoker side and serves them to the controller's
/// <c>GET .../activations/{id}/logs</c>. Selected by <c>Spi:LogStore</c>.
/// </summary>
[SpiContract("LogStore")]
public interface ILogStore
{
    /// <summary>
    /// Gets a value indicating whether the invoker collects logs after each run. When false, logs are handled
    /// out of band (for example by a Docker log driver) and acknowledgements are not split.
    /// </summary>
    bool CollectsLogs { get; }

    /// <summary>
    /// Gets the log driver that action containers must be created with for this store to work (a store that reads
    /// logs back needs a driver the engine can read; a store that ships logs elsewhere names that driver), or
    /// <see langword="null"/> (the default) to leave the container runtime's own default driver in place. Every
    /// container factory applies it through <see cref="Containers.ContainerRequest.Logging"/>.
    /// </summary>
    ContainerLogConfiguration? ContainerLogging => null;

    /// <summary>
    /// Collects the logs of the activation that just ran in <see cref="LogCollectionContext.Container"/>.
    /// Never throws for a log problem: it reports it through <see cref="LogCollectionResult.Failed"/>.
    /// </summary>
    /// <param name="context">The activation, its action, the caller and the container.</param>
    /// <param name="cancellationToken">Cancels the collection.</param>
    /// <returns>The formatted lines to store with the activation.</returns>
    Task<LogCollectionResult> CollectAsync(LogCollectionContext context, CancellationToken cancellationToken);

    /// <summary>Returns the logs of a stored activation, for the API.</summary>
    /// <param name="activation">The activation record, as stored.</param>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    /// <returns>The log lines.</returns>
    Task<IReadOnlyList<string>> FetchAsync(ActivationRecord activation, CancellationToken cancellationToken);
}
