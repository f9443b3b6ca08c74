using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenWhisk.Spi.Plugins;

namespace OpenWhisk.Common.Plugins;

/// <summary>
/// Registers named implementations as keyed singletons and records them in the catalog; one instance per
/// source (built-in or a plugin) so that messages say who registered what.
/// </summary>
internal sealed class PluginRegistrar(
    IServiceCollection services,
    IConfiguration configuration,
    ImplementationCatalog catalog,
    string source) : IPluginRegistrar
{
    public IConfiguration Configuration { get; } = configuration;

    public IServiceCollection Services { get; } = services;

    public IPluginRegistrar AddImplementation<TContract, TImplementation>(string name)
        where TContract : class
        where TImplementation : class, TContract
    {
        catalog.Add(typeof(TContract), name, source);
        Services.AddKeyedSingleton<TContract, TImplementation>(name);
        return this;
    }

    public IPluginRegistrar AddImplementation<TContract>(string name, Func<IServiceProvider, TContract> factory)
        where TContract : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        catalog.Add(typeof(TContract), name, source);
        Services.AddKeyedSingleton(name, (provider, _) => factory(provider));
        return this;
    }

    public OptionsBuilder<TOptions> AddOptions<TOptions>(string sectionPath)
        where TOptions : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sectionPath);
        return Services.AddOptions<TOptions>()
            .Bind(Configuration.GetSection(sectionPath))
            .ValidateDataAnnotations()
            .ValidateOnStart();
    }
}
