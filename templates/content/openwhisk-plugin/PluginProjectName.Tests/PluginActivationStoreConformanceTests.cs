using OpenWhisk.Spi.Stores;
using OpenWhisk.TestKit.Stores;

namespace PluginProjectName.Tests;

/// <summary>The behaviour every activation store must have, checked against <see cref="PluginActivationStore"/>.</summary>
[TestFixture]
public sealed class PluginActivationStoreConformanceTests : ActivationStoreConformanceTests
{
    /// <inheritdoc />
    protected override Task<IActivationStore> CreateStoreAsync() => Task.FromResult<IActivationStore>(new PluginActivationStore());
}
