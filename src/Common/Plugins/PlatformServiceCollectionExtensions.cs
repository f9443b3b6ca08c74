using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OpenWhisk.Spi.Toolkit.Messaging;
using OpenWhisk.Common.Plugins.Packages;
using OpenWhisk.Spi.Plugins;

namespace OpenWhisk.Common.Plugins;

/// <summary>Composes a host from built-in implementations and the plugins in the configured folder.</summary>
public static class PlatformServiceCollectionExtensions
{
    /// <summary>The configuration key of the plugins folder (default <c>plugins</c> next to the executable).</summary>
    public const string PluginsPathKey = "Plugins:Path";

    /// <summary>
    /// Registers the host's built-in implementations, installs the packages <c>Plugins:Packages</c> names that are
    /// missing, then loads every plugin under <c>Plugins:Path</c> and lets
    /// it register its own. Call <see cref="PlatformBuilder.Select{TContract}"/> afterwards for each contract the
    /// host uses.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The host's configuration.</param>
    /// <param name="builtIns">Registers the implementations that ship with the host.</param>
    /// <param name="installPackages">Whether to install the missing <c>Plugins:Packages</c> (false for admin commands, which only read the configured stores).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="PluginLoadException">A plugin folder could not be loaded.</exception>
    /// <exception cref="SpiConfigurationException">Two registrations claim one name.</exception>
    public static PlatformBuilder AddOpenWhiskPlatform(
        this IServiceCollection services,
        IConfiguration configuration,
        Action<IPluginRegistrar>? builtIns = null,
        bool installPackages = true)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var catalog = new ImplementationCatalog();
        var pluginsPath = ResolvePluginsPath(configuration);
        if (installPackages)
        {
            var installs = PluginPackagesAtStartup.Ensure(configuration.GetSection("Plugins").Get<PluginsOptions>() ?? new PluginsOptions(), pluginsPath);
            if (installs.Count > 0)
            {
                services.AddHostedService(provider => new PluginStartupInstallLog(installs, provider.GetRequiredService<ILogger<PluginStartupInstallLog>>()));
            }
        }

        var plugins = PluginLoader.LoadAll(pluginsPath);
        var builder = new PlatformBuilder(services, configuration, catalog, plugins);
        builtIns?.Invoke(builder.BuiltIn);
        foreach (var plugin in plugins)
        {
            var registrar = new PluginRegistrar(services, configuration, catalog, plugin.Description);
            foreach (var entry in plugin.Entries)
            {
                entry.Register(registrar);
            }
        }

        services.AddSingleton(catalog);
        services.AddSingleton(plugins);

        // The controller and the invoker of one process (the standalone) hand messages over through it.
        services.TryAddSingleton<InProcessTransport>();

        // A process that serves the API replaces it with its controller's identity.
        services.TryAddSingleton<IHostIdentity>(HostIdentity.None);
        return builder;
    }

    /// <summary>Resolves <c>Plugins:Path</c>: relative paths are taken from the executable's folder.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The absolute plugins folder.</returns>
    public static string ResolvePluginsPath(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration[PluginsPathKey];
        var path = string.IsNullOrWhiteSpace(configured) ? new PluginsOptions().Path : configured;
        return Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(AppContext.BaseDirectory, path));
    }
}
