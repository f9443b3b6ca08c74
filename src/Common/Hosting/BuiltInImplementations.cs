using OpenWhisk.Plugins.LogStores;
using OpenWhisk.Plugins.Memory;
using OpenWhisk.Plugins.Sqlite;
using OpenWhisk.Spi.Plugins;

namespace OpenWhisk.Common.Hosting;

/// <summary>
/// The plugins every host has built in rather than loaded from its plugins folder: <c>plugins/Memory</c>,
/// <c>plugins/LogStores</c> and <c>plugins/Sqlite</c> (projects that reference the SPI only, like any plugin).
/// </summary>
public static class BuiltInImplementations
{
    /// <summary>Registers the in-memory stores and message bus, the built-in log stores and the SQLite stores.</summary>
    /// <param name="registrar">The registrar.</param>
    /// <returns>The registrar.</returns>
    public static IPluginRegistrar AddOpenWhiskBuiltIns(this IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        new MemoryPlugin().Register(registrar);
        new LogStoresPlugin().Register(registrar);
        new SqlitePlugin().Register(registrar);
        return registrar;
    }
}
