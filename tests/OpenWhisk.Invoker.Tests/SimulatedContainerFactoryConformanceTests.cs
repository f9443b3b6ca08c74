using Microsoft.Extensions.Options;
using OpenWhisk.Plugins.Simulation;
using OpenWhisk.Spi.Containers;
using OpenWhisk.TestKit.Containers;

namespace OpenWhisk.Invoker.Tests;

/// <summary>The simulated factory passes the container factory conformance kit that real factories pass.</summary>
[TestFixture]
public sealed class SimulatedContainerFactoryConformanceTests : ContainerFactoryConformanceTests
{
    private static readonly SimulationOptions Settings = new() { CreateLatency = TimeSpan.FromMilliseconds(5), DestroyLatency = TimeSpan.FromMilliseconds(1) };

    protected override string NodeImage => "openwhisknet/action-nodejs-v20:latest";

    protected override string MissingImage => "openwhisknet/" + Settings.FailingImageMarker + "-" + Guid.NewGuid().ToString("N")[..8];

    protected override Task<IContainerFactory> CreateFactoryAsync() =>
        Task.FromResult<IContainerFactory>(new SimulatedContainerFactory(Options.Create(Settings), TimeProvider.System));
}
