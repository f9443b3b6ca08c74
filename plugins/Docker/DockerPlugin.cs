using OpenWhisk.Plugins.Docker;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Plugins;
using OpenWhisk.Spi.Toolkit.Containers;

[assembly: OpenWhiskPlugin(typeof(DockerPlugin))]

namespace OpenWhisk.Plugins.Docker;

/// <summary>Registers the Docker container factory (<c>"Spi": {"ContainerFactory": "docker"}</c>).</summary>
public sealed class DockerPlugin : IOpenWhiskPlugin
{
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.AddOptions<DockerOptions>("Docker")
            .PostConfigure(options => options.ApiHost ??= registrar.Configuration["Api:Host"] is { Length: > 0 } host ? host : PlatformApiAccess.DefaultApiHost)
            .Validate(
                options => options.Transport != ContainerTransport.Unix || (ProxySockets.EngineIsLocal(options) && !options.UseContainerIp),
                "Docker:Transport 'Unix' needs an engine on this host (a unix:// Docker:Endpoint) and Docker:UseContainerIp false.");
        registrar.AddImplementation<IContainerFactory, DockerContainerFactory>(DockerContainerFactory.Name);
    }
}
