namespace OpenWhisk.Spi.Plugins;

/// <summary>
/// The entry point of a plugin: registers one or more named implementations of SPI contracts.
/// </summary>
public interface IOpenWhiskPlugin
{
    /// <summary>
    /// Registers the plugin's implementations and their options. Called once at startup, before the service
    /// provider is built; implementations must not start any work here.
    /// </summary>
    /// <param name="registrar">The host's registration API.</param>
    void Register(IPluginRegistrar registrar);
}
