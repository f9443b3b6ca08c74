using OpenWhisk.Plugins.Swarm;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Plugins;
using OpenWhisk.Spi.Toolkit.Containers;

[assembly: OpenWhiskPlugin(typeof(SwarmPlugin))]

namespace OpenWhisk.Plugins.Swarm;

/// <summary>Registers the Swarm container factory (<c>"Spi": {"ContainerFactory": "swarm"}</c>).</summary>
public sealed class SwarmPlugin : IOpenWhiskPlugin
{
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.AddOptions<SwarmOptions>("Swarm")
            .PostConfigure(options => options.ApiHost ??= registrar.Configuration["Api:Host"] is { Length: > 0 } host ? host : PlatformApiAccess.DefaultApiHost);
        registrar.AddImplementation<IContainerFactory, SwarmContainerFactory>(SwarmContainerFactory.Name);
    }
}
