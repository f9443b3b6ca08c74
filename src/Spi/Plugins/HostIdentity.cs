using OpenWhisk.Spi.Activations;

namespace OpenWhisk.Spi.Plugins;

/// <summary>The host's <see cref="IHostIdentity"/>, also for plugins' tests.</summary>
/// <param name="controller">The controller this process serves as, or <see langword="null"/>.</param>
public sealed class HostIdentity(ControllerInstanceId? controller) : IHostIdentity
{
    /// <summary>Gets the identity of a process that serves no API.</summary>
    public static HostIdentity None { get; } = new(null);

    /// <inheritdoc/>
    public ControllerInstanceId? Controller { get; } = controller;

    /// <summary>The identity of a process that serves the API as controller <paramref name="instanceId"/>.</summary>
    /// <param name="instanceId">The controller's instance name (<c>Controller:InstanceId</c>).</param>
    /// <returns>The identity.</returns>
    public static HostIdentity ForController(string instanceId) => new(new ControllerInstanceId(instanceId));
}
