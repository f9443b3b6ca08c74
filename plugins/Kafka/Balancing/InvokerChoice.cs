using OpenWhisk.Spi.Invokers;

namespace OpenWhisk.Plugins.Kafka.Balancing;

/// <summary>Where the scheduler placed an activation, and whether it had to overload the invoker.</summary>
internal sealed record InvokerChoice(InvokerInstanceId Invoker, bool Forced);
