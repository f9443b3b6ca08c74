using OpenWhisk.Spi.Logs;
using OpenWhisk.TestKit.Logs;

namespace PluginProjectName.Tests;

/// <summary>The behaviour every log store must have, checked against <see cref="PluginLogStore"/>.</summary>
[TestFixture]
public sealed class PluginLogStoreConformanceTests : LogStoreConformanceTests
{
    /// <inheritdoc />
    protected override Task<ILogStore> CreateStoreAsync() => Task.FromResult<ILogStore>(new PluginLogStore());
}
