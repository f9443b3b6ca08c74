namespace OpenWhisk.Spi;

/// <summary>
/// Marks an interface as a service provider contract whose implementation is chosen by name in configuration.
/// </summary>
/// <remarks>
/// The host reads <c>Spi:&lt;ConfigurationKey&gt;</c> (for example <c>Spi:ContainerFactory</c>) and resolves the
/// implementation registered under that name, whether it is built in or comes from a plugin.
/// </remarks>
/// <param name="configurationKey">The key under the <c>Spi</c> configuration section that names the implementation.</param>
[AttributeUsage(AttributeTargets.Interface, Inherited = false)]
public sealed class SpiContractAttribute(string configurationKey) : Attribute
{
    /// <summary>Gets the key under the <c>Spi</c> configuration section, for example <c>ContainerFactory</c>.</summary>
    public string ConfigurationKey { get; } = configurationKey;

    /// <summary>Gets the configuration key of a contract type, or its type name without the leading <c>I</c>.</summary>
    /// <param name="contract">The contract interface.</param>
    /// <returns>The configuration key.</returns>
    public static string KeyOf(Type contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var attribute = (SpiContractAttribute?)GetCustomAttribute(contract, typeof(SpiContractAttribute));
        if (attribute is not null)
        {
            return attribute.ConfigurationKey;
        }

        var name = contract.Name;
        return name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1]) ? name[1..] : name;
    }
}
