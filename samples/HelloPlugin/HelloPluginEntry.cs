using HelloPlugin;
using OpenWhisk.Spi.Logs;
using OpenWhisk.Spi.Plugins;
using OpenWhisk.Spi.Scheduling;

// The host finds the entry type through this attribute.
[assembly: OpenWhiskPlugin(typeof(HelloPluginEntry))]

namespace HelloPlugin;

/// <summary>
/// Registers the hello log store (select it with <c>"Spi": { "LogStore": "hello" }</c>) and the hello scheduling
/// policy (<c>"Invoker": { "Pool": { "Policy": "hello" } }</c>).
/// </summary>
public sealed class HelloPluginEntry : IOpenWhiskPlugin
{
    /// <inheritdoc />
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.AddOptions<HelloLogStoreOptions>("HelloLogs");
        registrar.AddImplementation<ILogStore, HelloLogStore>("hello");
        registrar.AddOptions<HelloSchedulingOptions>("HelloScheduling");
        registrar.AddImplementation<ISchedulingPolicyFactory, HelloSchedulingPolicyFactory>("hello");
    }
}
