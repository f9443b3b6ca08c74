using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Invokers;

namespace OpenWhisk.Common.Messaging;

/// <summary>
/// An invoker running in this process (the standalone): a balancer of the same process hands it activations and
/// takes its acknowledgements as objects, instead of serializing them over the bus. The invoker registers itself as
/// this service; a controller without one talks to its invokers over the bus only.
/// </summary>
public interface IInProcessInvoker
{
    /// <summary>Gets the invoker's identity (its number and memory).</summary>
    InvokerInstanceId Id { get; }

    /// <summary>Gets a value indicating whether the invoker takes work (not disabled by an operator, not stopping).</summary>
    bool IsEnabled { get; }

    /// <summary>
    /// Connects a controller of this process: acknowledgements for its completion topic are handed to
    /// <paramref name="acknowledge"/> as objects instead of being sent over the bus.
    /// </summary>
    /// <param name="controller">The controller.</param>
    /// <param name="acknowledge">Takes each acknowledgement.</param>
    /// <returns>Disposing it disconnects the controller.</returns>
    IDisposable ConnectController(ControllerInstanceId controller, Action<Acknowledgement> acknowledge);

    /// <summary>Takes an activation message as if it had arrived on the invoker's topic.</summary>
    /// <param name="message">The activation message.</param>
    /// <param name="cancellationToken">Cancels fetching the action.</param>
    /// <returns>A task that completes when the activation is with the invoker's pool.</returns>
    /// <exception cref="InvalidOperationException">The invoker is not running.</exception>
    Task SubmitAsync(ActivationMessage message, CancellationToken cancellationToken);
}
