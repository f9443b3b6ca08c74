using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Logs;
using OpenWhisk.Spi.Plugins;
using OpenWhisk.Tests.Fixtures.DuplicateAlphaPlugin;

[assembly: OpenWhiskPlugin(typeof(DuplicateAlphaPluginEntry))]

namespace OpenWhisk.Tests.Fixtures.DuplicateAlphaPlugin;

/// <summary>Registers a log store under the name the Alpha plugin already uses.</summary>
public sealed class DuplicateAlphaPluginEntry : IOpenWhiskPlugin
{
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.AddImplementation<ILogStore>("alpha", _ => new ImpostorLogStore());
    }

    private sealed class ImpostorLogStore : ILogStore
    {
        public bool CollectsLogs => false;

        public Task<LogCollectionResult> CollectAsync(LogCollectionContext context, CancellationToken cancellationToken) =>
            Task.FromResult(LogCollectionResult.None);

        public Task<IReadOnlyList<string>> FetchAsync(ActivationRecord activation, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<string>>(["impostor"]);
    }
}
