using OpenWhisk.Spi.Stores;
using OpenWhisk.TestKit.Stores;

namespace OpenWhisk.Plugins.Memory.Tests;

[TestFixture]
public sealed class InMemoryArtifactStoreConformanceTests : ArtifactStoreConformanceTests
{
    protected override Task<IArtifactStore> CreateStoreAsync() => Task.FromResult<IArtifactStore>(new InMemoryArtifactStore());
}
