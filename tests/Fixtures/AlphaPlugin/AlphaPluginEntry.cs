using OpenWhisk.Spi.Logs;
using OpenWhisk.Spi.Plugins;
using OpenWhisk.Tests.Fixtures.AlphaPlugin;

[assembly: OpenWhiskPlugin(typeof(AlphaPluginEntry))]

namespace OpenWhisk.Tests.Fixtures.AlphaPlugin;

public sealed class AlphaPluginEntry : IOpenWhiskPlugin
{
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.AddImplementation<ILogStore, AlphaLogStore>("alpha");
    }
}
