using OpenWhisk.Spi.Logs;
using OpenWhisk.Spi.Plugins;

namespace OpenWhisk.Common.Logs;

/// <summary>Registers the built-in log stores.</summary>
public static class LogStoreRegistration
{
    /// <summary>Registers <c>activation</c> (the default), <c>file</c>, <c>logdriver</c> and <c>none</c>.</summary>
    /// <param name="registrar">The registrar.</param>
    /// <returns>The registrar.</returns>
    public static IPluginRegistrar AddBuiltInLogStores(this IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.AddOptions<JsonFileLogOptions>("Logs:JsonFile");
        registrar.AddImplementation<ILogStore, ActivationLogStore>(ActivationLogStore.Name);
        registrar.AddImplementation<ILogStore, OutOfBandLogStore>(OutOfBandLogStore.Name);
        registrar.AddOptions<LogDriverOptions>("Logs:LogDriver");
        registrar.AddImplementation<ILogStore, LogDriverLogStore>(LogDriverLogStore.Name);
        registrar.AddOptions<FileLogStoreOptions>("Logs:File");
        registrar.AddImplementation<ILogStore, FileLogStore>(FileLogStore.Name);
        return registrar;
    }
}
