using OpenWhisk.Invoker.Scheduling;
using OpenWhisk.Spi.Scheduling;
using OpenWhisk.TestKit.Scheduling;

namespace OpenWhisk.Invoker.Tests.Scheduling;

[TestFixture]
public sealed class OpenWhiskSchedulingPolicyConformanceTests : SchedulingPolicyConformanceTests
{
    protected override ISchedulingPolicyFactory CreateFactory() => new OpenWhiskSchedulingPolicyFactory();
}
