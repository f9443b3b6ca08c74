using OpenWhisk.Spi.Logs;
using OpenWhisk.Spi.Plugins;
using OpenWhisk.Tests.Fixtures.BetaPlugin;

[assembly: OpenWhiskPlugin(typeof(BetaPluginEntry))]

namespace OpenWhisk.Tests.Fixtures.BetaPlugin;

public sealed class BetaPluginEntry : IOpenWhiskPlugin
{
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.AddOptions<BetaLogStoreOptions>("Beta");
        registrar.AddImplementation<ILogStore, BetaLogStore>("beta");
    }
}
