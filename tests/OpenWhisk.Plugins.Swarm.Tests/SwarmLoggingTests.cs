using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Logs;

namespace OpenWhisk.Plugins.Swarm.Tests;

/// <summary>The log store's container log configuration reaches the service's task, or the node's default stays.</summary>
[TestFixture]
[NonParallelizable]
public sealed class SwarmLoggingTests : SwarmFactoryFixture
{
    [Test]
    public async Task A_requested_log_driver_and_its_options_become_the_tasks_log_driver()
    {
        var owner = "wsklog" + Guid.NewGuid().ToString("N")[..6];
        var logging = new ContainerLogConfiguration { Driver = "json-file", Options = new Dictionary<string, string> { ["max-size"] = "1m", ["max-file"] = "2" } };
        var withDriver = await Factory.CreateContainerAsync(
            new ContainerRequest { Name = owner + "_1_guest_logged", Owner = owner, Image = SwarmCluster.NodeImage, MemoryMb = 128, Logging = logging },
            CancellationToken.None);
        var without = await Factory.CreateContainerAsync(
            new ContainerRequest { Name = owner + "_2_guest_plain", Owner = owner, Image = SwarmCluster.NodeImage, MemoryMb = 128 }, CancellationToken.None);
        try
        {
            var services = (await SwarmCluster.ServicesOfAsync(owner)).ToDictionary(s => s.ID);
            var driver = services[withDriver.Id].Spec.TaskTemplate.LogDriver;

            Assert.Multiple(() =>
            {
                Assert.That(driver.Name, Is.EqualTo("json-file"));
                Assert.That(driver.Options, Is.EquivalentTo(logging.Options));
                Assert.That(services[without.Id].Spec.TaskTemplate.LogDriver, Is.Null, "the node's default driver");
            });
        }
        finally
        {
            await withDriver.DestroyAsync(CancellationToken.None);
            await without.DestroyAsync(CancellationToken.None);
        }
    }
}
