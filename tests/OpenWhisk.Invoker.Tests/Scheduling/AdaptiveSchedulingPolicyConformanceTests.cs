using Microsoft.Extensions.Options;
using OpenWhisk.Invoker.Scheduling;
using OpenWhisk.Spi.Scheduling;
using OpenWhisk.TestKit.Scheduling;

namespace OpenWhisk.Invoker.Tests.Scheduling;

[TestFixture]
public sealed class AdaptiveSchedulingPolicyConformanceTests : SchedulingPolicyConformanceTests
{
    protected override ISchedulingPolicyFactory CreateFactory() => new AdaptiveSchedulingPolicyFactory(Options.Create(new AdaptivePolicyOptions()));
}
