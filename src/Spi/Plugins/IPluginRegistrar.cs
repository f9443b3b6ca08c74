using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OpenWhisk.Spi.Plugins;

/// <summary>
/// The registration API that the host hands to <see cref="IOpenWhiskPlugin.Register"/> and uses for its own
/// built-in implementations. Every implementation is registered under a name that configuration selects.
/// </summary>
public interface IPluginRegistrar
{
    /// <summary>Gets the host's whole configuration (appsettings plus environment variables).</summary>
    IConfiguration Configuration { get; }

    /// <summary>Gets the service collection, for helper services an implementation depends on.</summary>
    IServiceCollection Services { get; }

    /// <summary>
    /// Registers <typeparamref name="TImplementation"/> as the implementation of <typeparamref name="TContract"/>
    /// named <paramref name="name"/>. It is created once, and only if configuration selects it.
    /// </summary>
    /// <typeparam name="TContract">An SPI contract, for example <c>IContainerFactory</c>.</typeparam>
    /// <typeparam name="TImplementation">The implementing type, created through dependency injection.</typeparam>
    /// <param name="name">The name that configuration uses to select it, for example <c>docker</c>.</param>
    /// <returns>This registrar, for chaining.</returns>
    /// <exception cref="ArgumentException">The name is empty or already registered for this contract.</exception>
    IPluginRegistrar AddImplementation<TContract, TImplementation>(string name)
        where TContract : class
        where TImplementation : class, TContract;

    /// <summary>
    /// Registers a factory that creates the implementation of <typeparamref name="TContract"/> named
    /// <paramref name="name"/>.
    /// </summary>
    /// <typeparam name="TContract">An SPI contract.</typeparam>
    /// <param name="name">The name that configuration uses to select it.</param>
    /// <param name="factory">Creates the implementation; called at most once.</param>
    /// <returns>This registrar, for chaining.</returns>
    /// <exception cref="ArgumentException">The name is empty or already registered for this contract.</exception>
    IPluginRegistrar AddImplementation<TContract>(string name, Func<IServiceProvider, TContract> factory)
        where TContract : class;

    /// <summary>
    /// Registers an options type bound from the configuration section <paramref name="sectionPath"/>, with data
    /// annotation validation at startup.
    /// </summary>
    /// <typeparam name="TOptions">The options type.</typeparam>
    /// <param name="sectionPath">The configuration section, for example <c>Docker</c>.</param>
    /// <returns>The options builder, for further validation or post-configuration.</returns>
    OptionsBuilder<TOptions> AddOptions<TOptions>(string sectionPath)
        where TOptions : class;
}
