using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OpenWhisk.Common.Runtimes;

/// <summary>Registers the runtimes manifest.</summary>
public static class RuntimesRegistration
{
    /// <summary>The setting that names the manifest file (default <c>config/runtimes.json</c> next to the executable).</summary>
    public const string ManifestKey = "Runtimes:Manifest";

    /// <summary>Loads the manifest named by <c>Runtimes:Manifest</c> once, as a singleton.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddRuntimesManifest(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(_ => RuntimesManifest.Load(ResolvePath(configuration)));
        return services;
    }

    /// <summary>Resolves the manifest path; relative paths are taken from the executable's folder.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The absolute path.</returns>
    public static string ResolvePath(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration[ManifestKey];
        var path = string.IsNullOrWhiteSpace(configured) ? Path.Combine("config", "runtimes.json") : configured;
        return Path.IsPathRooted(path) ? path : Path.Combine(AppContext.BaseDirectory, path);
    }
}
