using Microsoft.Extensions.Options;
using OpenWhisk.Spi.Scheduling;

namespace HelloPlugin;

/// <summary>Creates a <see cref="HelloSchedulingPolicy"/> for each pool; select it with <c>"Invoker": { "Pool": { "Policy": "hello" } }</c>.</summary>
/// <param name="options">The policy's settings.</param>
public sealed class HelloSchedulingPolicyFactory(IOptions<HelloSchedulingOptions> options) : ISchedulingPolicyFactory
{
    /// <inheritdoc />
    public ISchedulingPolicy Create(SchedulingPolicyContext context) => new HelloSchedulingPolicy(context, options.Value);
}
