using Microsoft.Extensions.Options;
using OpenWhisk.Spi.Logs;
using OpenWhisk.TestKit.Logs;

namespace OpenWhisk.Plugins.LogStores.Tests;

[TestFixture]
public sealed class LogDriverLogStoreConformanceTests : LogStoreConformanceTests
{
    protected override Task<ILogStore> CreateStoreAsync() =>
        Task.FromResult<ILogStore>(new LogDriverLogStore(Options.Create(new LogDriverOptions { Driver = "fluentd", Options = { ["fluentd-address"] = "127.0.0.1:24224" } })));
}
