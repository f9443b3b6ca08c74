namespace OpenWhisk.Common.Plugins.Packages;

/// <summary>A plugin package was refused or could not be installed; the message says why, for the operator.</summary>
public sealed class PluginPackageException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="PluginPackageException"/> class.</summary>
    public PluginPackageException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PluginPackageException"/> class.</summary>
    /// <param name="message">What was refused and why.</param>
    public PluginPackageException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PluginPackageException"/> class.</summary>
    /// <param name="message">What was refused and why.</param>
    /// <param name="innerException">The cause.</param>
    public PluginPackageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
