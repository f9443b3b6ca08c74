namespace OpenWhisk.Spi.LoadBalancing;

/// <summary>One activation a balancer placed and has not seen complete yet.</summary>
/// <param name="ActivationId">The activation id.</param>
/// <param name="Action">The fully qualified name of the action (<c>namespace/package/name</c>).</param>
/// <param name="Target">Where it runs: an invoker's topic (<c>invoker0</c>) or the balancer's own target (<c>direct</c>).</param>
public sealed record ActiveActivation(string ActivationId, string Action, string Target);
