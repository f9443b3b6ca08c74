using OpenWhisk.Spi.Scheduling;
using OpenWhisk.Spi.Toolkit.Scheduling;

namespace OpenWhisk.Invoker.Scheduling;

/// <summary>Creates <see cref="OpenWhiskSchedulingPolicy"/> (<c>Invoker:Pool:Policy=openwhisk</c>, the default).</summary>
public sealed class OpenWhiskSchedulingPolicyFactory : ISchedulingPolicyFactory
{
    /// <inheritdoc />
    public ISchedulingPolicy Create(SchedulingPolicyContext context) => new OpenWhiskSchedulingPolicy(context);
}
