using OpenWhisk.Plugins.Memory;
using OpenWhisk.Spi.Messaging;
using OpenWhisk.Spi.Plugins;
using OpenWhisk.Spi.Stores;
using OpenWhisk.Spi.Toolkit.Messaging;

[assembly: OpenWhiskPlugin(typeof(MemoryPlugin))]

namespace OpenWhisk.Plugins.Memory;

/// <summary>
/// Registers the implementations named <c>memory</c> that every host has built in: the in-memory artifact and
/// activation stores (lost when the process ends) and the in-memory message bus (section <c>Messaging:Memory</c>),
/// for one process and for tests.
/// </summary>
public sealed class MemoryPlugin : IOpenWhiskPlugin
{
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.AddImplementation<IArtifactStore, InMemoryArtifactStore>(InMemoryArtifactStore.Name);
        registrar.AddImplementation<IActivationStore, InMemoryActivationStore>(InMemoryActivationStore.Name);
        registrar.AddOptions<InMemoryMessagingOptions>("Messaging:Memory");
        registrar.AddImplementation<IMessagingProvider, InMemoryMessagingProvider>(InMemoryMessagingProvider.Name);
    }
}
