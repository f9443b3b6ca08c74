using Microsoft.Extensions.Options;
using OpenWhisk.Spi.Scheduling;

namespace OpenWhisk.Invoker.Scheduling;

/// <summary>Creates <see cref="AdaptiveSchedulingPolicy"/> (<c>Invoker:Pool:Policy=adaptive</c>) with <c>Invoker:Pool:Adaptive</c>.</summary>
/// <param name="options">The policy's settings.</param>
public sealed class AdaptiveSchedulingPolicyFactory(IOptions<AdaptivePolicyOptions> options) : ISchedulingPolicyFactory
{
    /// <inheritdoc />
    public ISchedulingPolicy Create(SchedulingPolicyContext context) => new AdaptiveSchedulingPolicy(context, options.Value);
}
