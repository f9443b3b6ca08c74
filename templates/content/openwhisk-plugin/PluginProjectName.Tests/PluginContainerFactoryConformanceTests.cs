using OpenWhisk.Spi.Containers;
using OpenWhisk.TestKit.Containers;

namespace PluginProjectName.Tests;

/// <summary>The behaviour every container factory must have, checked against <see cref="PluginContainerFactory"/>.</summary>
[TestFixture]
public sealed class PluginContainerFactoryConformanceTests : ContainerFactoryConformanceTests
{
    /// <summary>Gets a Node.js runtime image your factory can run (OpenWhisk.NET builds openwhisknet/action-nodejs-v20 locally).</summary>
    protected override string NodeImage => "openwhisknet/action-nodejs-v20";

    /// <inheritdoc />
    protected override Task<IContainerFactory> CreateFactoryAsync() => Task.FromResult<IContainerFactory>(new PluginContainerFactory());
}
