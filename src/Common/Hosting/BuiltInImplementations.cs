using OpenWhisk.Common.Logs;
using OpenWhisk.Common.Messaging;
using OpenWhisk.Common.Stores;
using OpenWhisk.Spi.Plugins;

namespace OpenWhisk.Common.Hosting;

/// <summary>The implementations that ship inside OpenWhisk.Common.</summary>
public static class BuiltInImplementations
{
    /// <summary>Registers in-memory messaging, the built-in log stores and the in-memory and SQLite stores.</summary>
    /// <param name="registrar">The registrar.</param>
    /// <returns>The registrar.</returns>
    public static IPluginRegistrar AddOpenWhiskBuiltIns(this IPluginRegistrar registrar) => registrar
        .AddInMemoryMessaging()
        .AddBuiltInLogStores()
        .AddInMemoryStores()
        .AddSqliteStores();
}
