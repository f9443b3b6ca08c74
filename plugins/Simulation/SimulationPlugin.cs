using OpenWhisk.Plugins.Simulation;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Plugins;

[assembly: OpenWhiskPlugin(typeof(SimulationPlugin))]

namespace OpenWhisk.Plugins.Simulation;

/// <summary>Registers the simulated container factory (<c>"Spi": {"ContainerFactory": "simulated"}</c>).</summary>
public sealed class SimulationPlugin : IOpenWhiskPlugin
{
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.AddOptions<SimulationOptions>("Simulation");
        registrar.AddImplementation<IContainerFactory, SimulatedContainerFactory>(SimulatedContainerFactory.Name);
    }
}
