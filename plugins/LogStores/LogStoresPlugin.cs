using OpenWhisk.Plugins.LogStores;
using OpenWhisk.Spi.Logs;
using OpenWhisk.Spi.Plugins;

[assembly: OpenWhiskPlugin(typeof(LogStoresPlugin))]

namespace OpenWhisk.Plugins.LogStores;

/// <summary>
/// Registers the log stores every host has built in: <c>activation</c> (the default: logs kept in the activation
/// record), <c>file</c>, <c>logdriver</c> and <c>none</c> (<c>"Spi": {"LogStore": "..."}</c>).
/// </summary>
public sealed class LogStoresPlugin : IOpenWhiskPlugin
{
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.AddOptions<JsonFileLogOptions>("Logs:JsonFile");
        registrar.AddImplementation<ILogStore, ActivationLogStore>(ActivationLogStore.Name);
        registrar.AddImplementation<ILogStore, OutOfBandLogStore>(OutOfBandLogStore.Name);
        registrar.AddOptions<LogDriverOptions>("Logs:LogDriver");
        registrar.AddImplementation<ILogStore, LogDriverLogStore>(LogDriverLogStore.Name);
        registrar.AddOptions<FileLogStoreOptions>("Logs:File");
        registrar.AddImplementation<ILogStore, FileLogStore>(FileLogStore.Name);
    }
}
