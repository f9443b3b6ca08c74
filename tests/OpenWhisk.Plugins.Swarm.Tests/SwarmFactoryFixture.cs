namespace OpenWhisk.Plugins.Swarm.Tests;

/// <summary>A fixture with one Swarm factory on the test swarm, created before its tests and disposed after them.</summary>
public abstract class SwarmFactoryFixture
{
    /// <summary>Gets the factory with default settings.</summary>
    internal SwarmContainerFactory Factory { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task CreateFactory()
    {
        await SwarmCluster.RequireAsync();
        Factory = SwarmCluster.Factory();
    }

    [OneTimeTearDown]
    public async Task DisposeFactory()
    {
        if (Factory is not null)
        {
            await Factory.DisposeAsync();
        }
    }
}
