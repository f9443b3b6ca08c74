namespace OpenWhisk.Invoker.Pool;

/// <summary>The base of the messages of a container proxy's mailbox (the messages themselves are private to <see cref="ContainerProxy"/>).</summary>
internal abstract record ProxyMessage;
