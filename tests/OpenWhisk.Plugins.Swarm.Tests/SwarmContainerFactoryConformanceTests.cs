using OpenWhisk.Spi.Containers;
using OpenWhisk.TestKit.Containers;

namespace OpenWhisk.Plugins.Swarm.Tests;

/// <summary>The Swarm factory passes the container factory conformance kit on a real (one-node) Swarm.</summary>
[TestFixture]
public sealed class SwarmContainerFactoryConformanceTests : ContainerFactoryConformanceTests
{
    protected override string NodeImage => SwarmCluster.NodeImage;

    protected override async Task<IContainerFactory> CreateFactoryAsync()
    {
        await SwarmCluster.RequireAsync();
        return SwarmCluster.Factory();
    }
}
