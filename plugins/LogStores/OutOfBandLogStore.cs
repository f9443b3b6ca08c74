using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Logs;
using OpenWhisk.Spi.Toolkit.Activations;

namespace OpenWhisk.Plugins.LogStores;

/// <summary>
/// The log store for logs handled outside the platform (name <c>none</c>): nothing is collected, containers keep
/// the container runtime's default log driver, and the API answers "Logs are not available.".
/// </summary>
public sealed class OutOfBandLogStore : ILogStore
{
    /// <summary>The implementation name.</summary>
    public const string Name = "none";

    public bool CollectsLogs => false;

    public Task<LogCollectionResult> CollectAsync(LogCollectionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(LogCollectionResult.None);

    public Task<IReadOnlyList<string>> FetchAsync(ActivationRecord activation, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([ActivationMessages.LogsNotAvailable]);
}
