using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenWhisk.Plugins.Postgres;
using OpenWhisk.Spi.Plugins;
using OpenWhisk.Spi.Stores;

[assembly: OpenWhiskPlugin(typeof(PostgresPlugin))]

namespace OpenWhisk.Plugins.Postgres;

/// <summary>
/// Registers the PostgreSQL stores: <c>"Spi": {"ArtifactStore": "postgres", "ActivationStore": "postgres"}</c> with
/// <c>ConnectionStrings:Postgres</c>.
/// </summary>
public sealed class PostgresPlugin : IOpenWhiskPlugin
{
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.AddOptions<PostgresOptions>("Postgres");
        registrar.Services.TryAddSingleton<PostgresDatabase>();
        registrar.AddImplementation<IArtifactStore, PostgresArtifactStore>(PostgresArtifactStore.Name);
        registrar.AddImplementation<IActivationStore, PostgresActivationStore>(PostgresActivationStore.Name);
    }
}
