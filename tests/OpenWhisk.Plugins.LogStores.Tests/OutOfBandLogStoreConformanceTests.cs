using OpenWhisk.Spi.Logs;
using OpenWhisk.TestKit.Logs;

namespace OpenWhisk.Plugins.LogStores.Tests;

[TestFixture]
public sealed class OutOfBandLogStoreConformanceTests : LogStoreConformanceTests
{
    protected override Task<ILogStore> CreateStoreAsync() => Task.FromResult<ILogStore>(new OutOfBandLogStore());
}
