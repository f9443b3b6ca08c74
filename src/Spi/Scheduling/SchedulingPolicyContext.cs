namespace OpenWhisk.Spi.Scheduling;

/// <summary>The settings of the pool a scheduling policy is created for.</summary>
/// <param name="PoolName">The pool's owner name (the prefix of its container names), for logs.</param>
/// <param name="PauseGrace">The configured pause grace (<c>Invoker:Pool:PauseGrace</c>).</param>
/// <param name="IdleTimeout">The configured time a paused container is kept (<c>Invoker:Pool:IdleTimeout</c>).</param>
public sealed record SchedulingPolicyContext(string PoolName, TimeSpan PauseGrace, TimeSpan IdleTimeout);
