namespace OpenWhisk.Plugins.Kafka.Balancing;

/// <summary>The base of the messages of the invoker supervisor's mailbox (the messages themselves are private to <see cref="InvokerSupervisor"/>).</summary>
internal abstract record SupervisorMessage;
