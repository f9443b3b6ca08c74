namespace OpenWhisk.Spi.Invokers;

/// <summary>An invoker and its current state.</summary>
/// <param name="Id">The invoker.</param>
/// <param name="State">Its state.</param>
public sealed record InvokerHealth(InvokerInstanceId Id, InvokerState State);
