using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenWhisk.Common.Stores.Sqlite;
using OpenWhisk.Spi.Plugins;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Common.Stores;

/// <summary>Registers the built-in stores.</summary>
public static class StoreRegistration
{
    /// <summary>Registers the in-memory artifact and activation stores as <c>memory</c>.</summary>
    /// <param name="registrar">The registrar.</param>
    /// <returns>The registrar.</returns>
    public static IPluginRegistrar AddInMemoryStores(this IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.AddImplementation<IArtifactStore, InMemoryArtifactStore>(InMemoryArtifactStore.Name);
        registrar.AddImplementation<IActivationStore, InMemoryActivationStore>(InMemoryActivationStore.Name);
        return registrar;
    }

    /// <summary>Registers the SQLite artifact and activation stores as <c>sqlite</c> (one shared database file).</summary>
    /// <param name="registrar">The registrar.</param>
    /// <returns>The registrar.</returns>
    public static IPluginRegistrar AddSqliteStores(this IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.AddOptions<SqliteStoreOptions>("Stores:Sqlite");
        registrar.Services.TryAddSingleton<SqliteDatabase>();
        registrar.AddImplementation<IArtifactStore, SqliteArtifactStore>(SqliteArtifactStore.Name);
        registrar.AddImplementation<IActivationStore, SqliteActivationStore>(SqliteActivationStore.Name);
        return registrar;
    }
}
