using OpenWhisk.Spi.Stores;
using OpenWhisk.TestKit.Stores;

namespace OpenWhisk.Plugins.Memory.Tests;

[TestFixture]
public sealed class InMemoryActivationStoreConformanceTests : ActivationStoreConformanceTests
{
    protected override Task<IActivationStore> CreateStoreAsync() => Task.FromResult<IActivationStore>(new InMemoryActivationStore());
}
