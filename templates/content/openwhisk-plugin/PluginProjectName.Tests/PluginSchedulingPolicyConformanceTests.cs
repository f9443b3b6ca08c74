using OpenWhisk.Spi.Scheduling;
using OpenWhisk.TestKit.Scheduling;

namespace PluginProjectName.Tests;

/// <summary>The behaviour every scheduling policy must have, checked against <see cref="PluginSchedulingPolicy"/>.</summary>
[TestFixture]
public sealed class PluginSchedulingPolicyConformanceTests : SchedulingPolicyConformanceTests
{
    /// <inheritdoc />
    protected override ISchedulingPolicyFactory CreateFactory() => new PluginSchedulingPolicyFactory();
}
