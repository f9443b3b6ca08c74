using OpenWhisk.Spi.Logs;
using OpenWhisk.TestKit.Logs;

namespace OpenWhisk.Plugins.LogStores.Tests;

[TestFixture]
public sealed class ActivationLogStoreConformanceTests : LogStoreConformanceTests
{
    protected override Task<ILogStore> CreateStoreAsync() => Task.FromResult<ILogStore>(new ActivationLogStore(TimeProvider.System));
}
