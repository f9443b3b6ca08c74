using OpenWhisk.Spi.Invokers;

namespace OpenWhisk.Spi.Toolkit.Messaging;

/// <summary>
/// An invoker running in this process (the standalone), as a balancer of the same process sees it: its identity and
/// whether it takes work, for the balancer's invoker health. Activations and acknowledgements between the two travel
/// through the <see cref="InProcessTransport"/>, not through this interface. The invoker registers itself as this
/// service; a controller without one reports no in-process invoker.
/// </summary>
public interface IInProcessInvoker
{
    /// <summary>Gets the invoker's identity (its number and memory).</summary>
    InvokerInstanceId Id { get; }

    /// <summary>Gets a value indicating whether the invoker takes work (not disabled by an operator, not stopping).</summary>
    bool IsEnabled { get; }
}
