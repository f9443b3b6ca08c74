namespace OpenWhisk.Invoker.Pool;

/// <summary>The base of the messages of a container pool's mailbox (the messages themselves are private to <see cref="ContainerPool"/>).</summary>
internal abstract record PoolMessage;
