using OpenWhisk.Common.Logs;
using OpenWhisk.Spi.Logs;
using OpenWhisk.TestKit.Logs;

namespace OpenWhisk.Common.Tests.Logs;

[TestFixture]
public sealed class OutOfBandLogStoreConformanceTests : LogStoreConformanceTests
{
    protected override Task<ILogStore> CreateStoreAsync() => Task.FromResult<ILogStore>(new OutOfBandLogStore());
}
