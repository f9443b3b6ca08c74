using OpenWhisk.Spi.Stores;
using OpenWhisk.TestKit.Stores;

namespace PluginProjectName.Tests;

/// <summary>The behaviour every artifact store must have, checked against <see cref="PluginArtifactStore"/>.</summary>
[TestFixture]
public sealed class PluginArtifactStoreConformanceTests : ArtifactStoreConformanceTests
{
    /// <inheritdoc />
    protected override Task<IArtifactStore> CreateStoreAsync() => Task.FromResult<IArtifactStore>(new PluginArtifactStore());
}
