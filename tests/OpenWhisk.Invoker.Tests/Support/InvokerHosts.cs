using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenWhisk.Common.Hosting;
using OpenWhisk.Common.Plugins;
using OpenWhisk.Invoker.Hosting;

namespace OpenWhisk.Invoker.Tests.Support;

/// <summary>Invoker hosts for tests: the simulated container factory from its plugin folder, in-memory messaging and stores.</summary>
internal static class InvokerHosts
{
    /// <summary>Builds (does not start) an invoker host with <paramref name="settings"/> over the defaults.</summary>
    public static IHost Build(IReadOnlyDictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        var configuration = new Dictionary<string, string?>
        {
            ["Plugins:Path"] = RepositoryPaths.Plugins,
            ["Runtimes:Manifest"] = RepositoryPaths.RuntimesManifest,
            ["Spi:ContainerFactory"] = "simulated",
            ["Spi:LogStore"] = "activation",
            ["Spi:Messaging"] = "memory",
            ["Spi:ArtifactStore"] = "memory",
            ["Spi:ActivationStore"] = "memory",
        };
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddOpenWhiskPlatform(builder.Configuration, registrar => registrar.AddOpenWhiskBuiltIns()).AddOpenWhiskInvoker();
        return builder.Build();
    }
}
