using OpenWhisk.Spi.Activations;

namespace OpenWhisk.Spi.Plugins;

/// <summary>
/// Who this process is in the deployment, given by the host to every plugin: a plugin names its topics, clients and
/// resources after it instead of reading the host's configuration keys.
/// </summary>
public interface IHostIdentity
{
    /// <summary>
    /// Gets the controller this process serves as (<c>Controller:InstanceId</c>; completions for it come on
    /// <see cref="ControllerInstanceId.CompletionTopic"/>), or <see langword="null"/> in a process that serves no API
    /// (an invoker).
    /// </summary>
    ControllerInstanceId? Controller { get; }
}
