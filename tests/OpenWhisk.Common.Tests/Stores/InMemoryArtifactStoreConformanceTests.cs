using OpenWhisk.Common.Stores;
using OpenWhisk.Spi.Stores;
using OpenWhisk.TestKit.Stores;

namespace OpenWhisk.Common.Tests.Stores;

[TestFixture]
public sealed class InMemoryArtifactStoreConformanceTests : ArtifactStoreConformanceTests
{
    protected override Task<IArtifactStore> CreateStoreAsync() => Task.FromResult<IArtifactStore>(new InMemoryArtifactStore());
}
