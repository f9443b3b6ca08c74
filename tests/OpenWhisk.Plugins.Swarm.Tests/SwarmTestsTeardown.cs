namespace OpenWhisk.Plugins.Swarm.Tests;

/// <summary>After every test of the assembly: leaves the swarm the tests initialized.</summary>
[SetUpFixture]
public sealed class SwarmTestsTeardown
{
    [OneTimeTearDown]
    public Task LeaveSwarm() => SwarmCluster.LeaveAsync();
}
