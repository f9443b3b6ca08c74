using OpenWhisk.Common.Logs;
using OpenWhisk.Spi.Logs;
using OpenWhisk.TestKit.Logs;

namespace OpenWhisk.Common.Tests.Logs;

[TestFixture]
public sealed class ActivationLogStoreConformanceTests : LogStoreConformanceTests
{
    protected override Task<ILogStore> CreateStoreAsync() => Task.FromResult<ILogStore>(new ActivationLogStore(TimeProvider.System));
}
