using Newtonsoft.Json;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Logs;

namespace OpenWhisk.Tests.Fixtures.AlphaPlugin;

/// <summary>A log store that reports which Newtonsoft.Json it was given (the plugin ships 12.x).</summary>
public sealed class AlphaLogStore : ILogStore
{
    public bool CollectsLogs => false;

    public Task<LogCollectionResult> CollectAsync(LogCollectionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(LogCollectionResult.None);

    public Task<IReadOnlyList<string>> FetchAsync(ActivationRecord activation, CancellationToken cancellationToken)
    {
        var version = typeof(JsonConvert).Assembly.GetName().Version!.ToString();
        IReadOnlyList<string> lines = ["Newtonsoft.Json " + version, JsonConvert.SerializeObject(new { activation.ActivationId })];
        return Task.FromResult(lines);
    }
}
