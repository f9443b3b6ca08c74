using OpenWhisk.Spi.Containers;
using OpenWhisk.TestKit.Containers;

namespace OpenWhisk.Plugins.Docker.Tests;

/// <summary>The Docker factory passes the container factory conformance kit on the real engine, over the runtimes' Unix socket (the default).</summary>
[TestFixture]
public sealed class DockerContainerFactoryConformanceTests : ContainerFactoryConformanceTests
{
    protected override string NodeImage => DockerEnvironment.NodeImage;

    protected override Task<IContainerFactory> CreateFactoryAsync()
    {
        DockerEnvironment.Require();
        return Task.FromResult<IContainerFactory>(DockerEnvironment.Factory());
    }
}
