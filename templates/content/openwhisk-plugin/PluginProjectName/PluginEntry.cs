#if (isLogStore)
using OpenWhisk.Spi.Logs;
#endif
using OpenWhisk.Spi.Plugins;
#if (isActivationStore)
using OpenWhisk.Spi.Stores;
#endif

// The host finds the entry type through this attribute.
[assembly: OpenWhiskPlugin(typeof(PluginProjectName.PluginEntry))]

namespace PluginProjectName;

/// <summary>
/// Registers this plugin's implementation with the host. Operators select it by its name in appsettings.json:
#if (isLogStore)
/// <c>"Spi": { "LogStore": "plugin-implementation-name" }</c>.
#endif
#if (isActivationStore)
/// <c>"Spi": { "ActivationStore": "plugin-implementation-name" }</c>.
#endif
/// </summary>
public sealed class PluginEntry : IOpenWhiskPlugin
{
    /// <summary>The name operators select this implementation by.</summary>
    public const string Name = "plugin-implementation-name";

    /// <inheritdoc />
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
#if (isLogStore)
        registrar.AddImplementation<ILogStore, PluginLogStore>(Name);
#endif
#if (isActivationStore)
        registrar.AddImplementation<IActivationStore, PluginActivationStore>(Name);
#endif
    }
}
