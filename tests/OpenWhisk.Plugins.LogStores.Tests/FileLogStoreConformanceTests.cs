using Microsoft.Extensions.Options;
using OpenWhisk.Spi.Logs;
using OpenWhisk.TestKit.Logs;

namespace OpenWhisk.Plugins.LogStores.Tests;

[TestFixture]
public sealed class FileLogStoreConformanceTests : LogStoreConformanceTests
{
    private string folder = null!;

    protected override Task<ILogStore> CreateStoreAsync()
    {
        folder = Path.Combine(Path.GetTempPath(), "ow-logs-" + Guid.NewGuid().ToString("N"));
        return Task.FromResult<ILogStore>(new FileLogStore(Options.Create(new FileLogStoreOptions { Directory = folder }), TimeProvider.System));
    }

    protected override async Task DisposeStoreAsync()
    {
        await ((FileLogStore)Store).DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }
}
