namespace OpenWhisk.Common.Plugins;

/// <summary>A plugin folder could not be loaded; the message names the file and the reason.</summary>
public sealed class PluginLoadException : Exception
{
    public PluginLoadException()
    {
    }

    public PluginLoadException(string message)
        : base(message)
    {
    }

    public PluginLoadException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
