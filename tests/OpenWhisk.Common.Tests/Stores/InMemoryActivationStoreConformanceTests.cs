using OpenWhisk.Common.Stores;
using OpenWhisk.Spi.Stores;
using OpenWhisk.TestKit.Stores;

namespace OpenWhisk.Common.Tests.Stores;

[TestFixture]
public sealed class InMemoryActivationStoreConformanceTests : ActivationStoreConformanceTests
{
    protected override Task<IActivationStore> CreateStoreAsync() => Task.FromResult<IActivationStore>(new InMemoryActivationStore());
}
