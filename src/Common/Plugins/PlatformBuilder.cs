using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Plugins;

namespace OpenWhisk.Common.Plugins;

/// <summary>
/// Holds the installed implementations (built-in and from plugins) while a host is being composed, and
/// selects one implementation per contract from configuration (<c>Spi:&lt;Contract&gt;</c>).
/// </summary>
public sealed class PlatformBuilder
{
    private readonly Dictionary<Type, string> selected = [];

    internal PlatformBuilder(IServiceCollection services, IConfiguration configuration, ImplementationCatalog catalog, IReadOnlyList<LoadedPlugin> plugins)
    {
        Services = services;
        Configuration = configuration;
        Catalog = catalog;
        Plugins = plugins;
        BuiltIn = new PluginRegistrar(services, configuration, catalog, "built-in");
    }

    /// <summary>Gets the host's services.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Gets the host's configuration.</summary>
    public IConfiguration Configuration { get; }

    /// <summary>Gets every installed implementation.</summary>
    public ImplementationCatalog Catalog { get; }

    /// <summary>Gets the plugins that were loaded.</summary>
    public IReadOnlyList<LoadedPlugin> Plugins { get; }

    /// <summary>Gets the registrar for implementations that ship with the host.</summary>
    public IPluginRegistrar BuiltIn { get; }

    /// <summary>
    /// Selects the implementation of <typeparamref name="TContract"/> named by <c>Spi:&lt;Contract&gt;</c> (or
    /// <paramref name="defaultName"/>) and registers it as the contract's service.
    /// </summary>
    /// <typeparam name="TContract">The SPI contract.</typeparam>
    /// <param name="defaultName">The name to use when configuration names none.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="SpiConfigurationException">The name is missing or not installed; the message lists what is.</exception>
    public PlatformBuilder Select<TContract>(string? defaultName = null)
        where TContract : class
    {
        if (selected.ContainsKey(typeof(TContract)))
        {
            return this;
        }

        var key = SpiContractAttribute.KeyOf(typeof(TContract));
        var configured = Configuration["Spi:" + key];
        var name = string.IsNullOrWhiteSpace(configured) ? defaultName : configured.Trim();
        var registered = RequireInstalled<TContract>(name, "Spi:" + key);
        selected[typeof(TContract)] = registered;
        Services.AddSingleton(provider => provider.GetRequiredKeyedService<TContract>(registered));
        return this;
    }

    /// <summary>Checks that an implementation is installed and returns its registered spelling.</summary>
    /// <typeparam name="TContract">The SPI contract.</typeparam>
    /// <param name="name">The configured name.</param>
    /// <param name="setting">The setting that named it, for the message.</param>
    /// <returns>The registered name.</returns>
    /// <exception cref="SpiConfigurationException">The name is missing or not installed.</exception>
    public string RequireInstalled<TContract>(string? name, string setting)
        where TContract : class
    {
        var key = SpiContractAttribute.KeyOf(typeof(TContract));
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new SpiConfigurationException(
                $"No {key} implementation is selected: set {setting}. Installed {key} implementations: {Catalog.Describe(typeof(TContract))}.");
        }

        if (!Catalog.TryFind(typeof(TContract), name, out var registered))
        {
            throw new SpiConfigurationException(
                $"{setting} names '{name}', which is not installed. Installed {key} implementations: {Catalog.Describe(typeof(TContract))}.");
        }

        return registered;
    }

    /// <summary>Returns the name selected for a contract by <see cref="Select{TContract}"/>.</summary>
    /// <typeparam name="TContract">The SPI contract.</typeparam>
    /// <returns>The selected name.</returns>
    public string SelectedName<TContract>()
        where TContract : class =>
        selected.TryGetValue(typeof(TContract), out var name)
            ? name
            : throw new InvalidOperationException($"{SpiContractAttribute.KeyOf(typeof(TContract))} has not been selected.");
}
