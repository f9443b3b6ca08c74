using OpenWhisk.Spi.Messaging;
using OpenWhisk.Spi.Plugins;
using OpenWhisk.Spi.Toolkit.Messaging;

namespace OpenWhisk.Common.Messaging;

/// <summary>Registers the built-in message bus.</summary>
public static class MessagingRegistration
{
    /// <summary>Registers the in-memory bus as messaging implementation <c>memory</c>.</summary>
    /// <param name="registrar">The registrar.</param>
    /// <returns>The registrar.</returns>
    public static IPluginRegistrar AddInMemoryMessaging(this IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.AddOptions<InMemoryMessagingOptions>("Messaging:Memory");
        return registrar.AddImplementation<IMessagingProvider, InMemoryMessagingProvider>(InMemoryMessagingProvider.Name);
    }
}
