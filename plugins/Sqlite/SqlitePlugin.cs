using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenWhisk.Plugins.Sqlite;
using OpenWhisk.Spi.Plugins;
using OpenWhisk.Spi.Stores;

[assembly: OpenWhiskPlugin(typeof(SqlitePlugin))]

namespace OpenWhisk.Plugins.Sqlite;

/// <summary>
/// Registers the SQLite stores, <c>"Spi": {"ArtifactStore": "sqlite", "ActivationStore": "sqlite"}</c>, sharing one
/// database file configured in section <c>Stores:Sqlite</c>. Every host has them built in.
/// </summary>
public sealed class SqlitePlugin : IOpenWhiskPlugin
{
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.AddOptions<SqliteStoreOptions>("Stores:Sqlite");
        registrar.Services.TryAddSingleton<SqliteDatabase>();
        registrar.AddImplementation<IArtifactStore, SqliteArtifactStore>(SqliteArtifactStore.Name);
        registrar.AddImplementation<IActivationStore, SqliteActivationStore>(SqliteActivationStore.Name);
    }
}
