using Microsoft.Extensions.Options;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Logs;

namespace OpenWhisk.Tests.Fixtures.BetaPlugin;

/// <summary>A log store whose answer comes from its options, bound from the <c>Beta</c> section.</summary>
public sealed class BetaLogStore(IOptions<BetaLogStoreOptions> options) : ILogStore
{
    public bool CollectsLogs => false;

    public Task<LogCollectionResult> CollectAsync(LogCollectionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(LogCollectionResult.None);

    public Task<IReadOnlyList<string>> FetchAsync(ActivationRecord activation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activation);
        IReadOnlyList<string> lines = [options.Value.Greeting + " " + activation.ActivationId];
        return Task.FromResult(lines);
    }
}
