using OpenWhisk.Spi.Containers;
using OpenWhisk.TestKit.Containers;

namespace OpenWhisk.Plugins.Docker.Tests;

/// <summary>
/// The Docker factory passes the container factory conformance kit over TCP too (<c>Docker:Transport</c> <c>Tcp</c>,
/// the fallback of blackbox images); the default fixture reaches the runtimes over their Unix socket.
/// </summary>
[TestFixture]
public sealed class DockerContainerFactoryOverTcpConformanceTests : ContainerFactoryConformanceTests
{
    protected override string NodeImage => DockerEnvironment.NodeImage;

    protected override Task<IContainerFactory> CreateFactoryAsync()
    {
        DockerEnvironment.Require();
        return Task.FromResult<IContainerFactory>(DockerEnvironment.Factory(o => o.Transport = ContainerTransport.Tcp));
    }
}
