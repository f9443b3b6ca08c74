namespace OpenWhisk.Spi.Scheduling;

/// <summary>
/// Creates the scheduling policy of each container pool. Selected by <c>Invoker:Pool:Policy</c> (built in:
/// <c>openwhisk</c>, the default, and <c>adaptive</c>); plugins register more with
/// <c>registrar.AddImplementation&lt;ISchedulingPolicyFactory, MyFactory&gt;("name")</c>.
/// </summary>
[SpiContract("SchedulingPolicy")]
public interface ISchedulingPolicyFactory
{
    /// <summary>Creates a policy for one pool; each pool gets its own instance (a policy may learn from its pool's arrivals).</summary>
    /// <param name="context">The pool's settings.</param>
    /// <returns>The policy.</returns>
    ISchedulingPolicy Create(SchedulingPolicyContext context);
}
