using OpenWhisk.Spi;

namespace OpenWhisk.Common.Plugins;

/// <summary>
/// Every named implementation that is installed, by contract, with where it came from. Names are compared
/// without regard to case; registering a name twice for one contract is an error.
/// </summary>
public sealed class ImplementationCatalog
{
    private readonly Dictionary<Type, Dictionary<string, Registration>> byContract = [];

    /// <summary>Records an implementation.</summary>
    /// <param name="contract">The SPI contract.</param>
    /// <param name="name">The implementation's name.</param>
    /// <param name="source">Where it comes from, for messages (<c>built-in</c> or a plugin's description).</param>
    /// <exception cref="SpiConfigurationException">The name is already taken for this contract.</exception>
    public void Add(Type contract, string name, string source)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!byContract.TryGetValue(contract, out var names))
        {
            names = new Dictionary<string, Registration>(StringComparer.OrdinalIgnoreCase);
            byContract.Add(contract, names);
        }

        if (names.TryGetValue(name, out var existing))
        {
            throw new SpiConfigurationException(
                $"{SpiContractAttribute.KeyOf(contract)} implementation '{name}' is registered twice: by {existing.Source} and by {source}.");
        }

        names.Add(name, new Registration(name, source));
    }

    /// <summary>Returns the registered names for a contract, sorted.</summary>
    /// <param name="contract">The SPI contract.</param>
    /// <returns>The names.</returns>
    public IReadOnlyList<string> NamesFor(Type contract) =>
        byContract.TryGetValue(contract, out var names)
            ? names.Values.Select(r => r.Name).Order(StringComparer.OrdinalIgnoreCase).ToList()
            : [];

    /// <summary>Finds the registered spelling of <paramref name="name"/> for a contract.</summary>
    /// <param name="contract">The SPI contract.</param>
    /// <param name="name">The name as configured.</param>
    /// <param name="registeredName">The name as registered.</param>
    /// <returns>Whether it is installed.</returns>
    public bool TryFind(Type contract, string name, out string registeredName)
    {
        registeredName = string.Empty;
        if (byContract.TryGetValue(contract, out var names) && names.TryGetValue(name, out var registration))
        {
            registeredName = registration.Name;
            return true;
        }

        return false;
    }

    /// <summary>Describes the installed implementations of a contract: <c>docker (plugin 'Docker' ...), memory (built-in)</c>.</summary>
    /// <param name="contract">The SPI contract.</param>
    /// <returns>The description, or <c>(none)</c>.</returns>
    public string Describe(Type contract)
    {
        if (!byContract.TryGetValue(contract, out var names) || names.Count == 0)
        {
            return "(none)";
        }

        return string.Join(", ", names.Values
            .OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase)
            .Select(r => $"{r.Name} ({r.Source})"));
    }

    private sealed record Registration(string Name, string Source);
}
