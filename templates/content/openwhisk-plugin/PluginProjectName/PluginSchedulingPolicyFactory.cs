using OpenWhisk.Spi.Scheduling;

namespace PluginProjectName;

/// <summary>Creates one <see cref="PluginSchedulingPolicy"/> per container pool.</summary>
public sealed class PluginSchedulingPolicyFactory : ISchedulingPolicyFactory
{
    /// <inheritdoc />
    public ISchedulingPolicy Create(SchedulingPolicyContext context) => new PluginSchedulingPolicy(context);
}
