using Docker.DotNet.Models;

namespace OpenWhisk.Plugins.Swarm.Tests;

/// <summary>The capacity the factory reports: the nodes' memory less what other services reserve, capped and constrained.</summary>
[TestFixture]
[NonParallelizable]
public sealed class SwarmCapacityTests : SwarmFactoryFixture
{
    [Test]
    public async Task Memory_reserved_by_another_service_is_taken_off_and_the_owners_own_containers_are_not()
    {
        var owner = "wskcap" + Guid.NewGuid().ToString("N")[..6];
        var before = (await Factory.GetCapacityAsync(owner, CancellationToken.None))!;
        var own = await Factory.CreateContainerAsync(
            new Spi.Containers.ContainerRequest { Name = owner + "_1_own", Owner = owner, Image = SwarmCluster.NodeImage, MemoryMb = 256 }, CancellationToken.None);
        using var docker = SwarmCluster.Client();
        var other = await docker.Swarm.CreateServiceAsync(new ServiceCreateParameters
        {
            Service = new ServiceSpec
            {
                Name = "capacity-other-" + Guid.NewGuid().ToString("N")[..6],
                Labels = new Dictionary<string, string> { ["net.openwhisk.owner"] = "someone-else", ["net.openwhisk.managed"] = "true" },
                TaskTemplate = new TaskSpec
                {
                    ContainerSpec = new ContainerSpec { Image = SwarmCluster.NodeImage, Labels = new Dictionary<string, string> { ["net.openwhisk.owner"] = "someone-else" } },
                    Resources = new ResourceRequirements { Reservations = new SwarmResources { MemoryBytes = 512L * 1024 * 1024 } },
                    RestartPolicy = new SwarmRestartPolicy { Condition = "none" },
                },
            },
        });
        try
        {
            // The reservation counts once the scheduler has placed the task on a node.
            var during = before;
            for (var attempt = 0; attempt < 100 && during.MemoryMb == before.MemoryMb; attempt++)
            {
                await Task.Delay(100);
                during = (await Factory.GetCapacityAsync(owner, CancellationToken.None))!;
            }

            Assert.Multiple(() =>
            {
                Assert.That(before.Nodes, Is.EqualTo(1));
                Assert.That(before.MemoryMb, Is.GreaterThan(1024));
                Assert.That(during.MemoryMb, Is.EqualTo(before.MemoryMb - 512));
            });
        }
        finally
        {
            await docker.Swarm.RemoveServiceAsync(other.ID);
            await own.DestroyAsync(CancellationToken.None);
        }
    }

    [Test]
    public async Task A_configured_cap_and_the_placement_constraints_limit_the_capacity()
    {
        await using var capped = SwarmCluster.Factory(o => o.MaxUserMemoryMb = 1536);
        await using var nowhere = SwarmCluster.Factory(o => o.Constraints = ["node.labels.openwhisk-test==no-such-node"]);
        await using var managers = SwarmCluster.Factory(o => o.Constraints = ["node.role==manager"]);

        var uncapped = (await Factory.GetCapacityAsync("wskcap", CancellationToken.None))!;
        var cappedCapacity = (await capped.GetCapacityAsync("wskcap", CancellationToken.None))!;
        var nowhereCapacity = (await nowhere.GetCapacityAsync("wskcap", CancellationToken.None))!;
        var managersCapacity = (await managers.GetCapacityAsync("wskcap", CancellationToken.None))!;

        Assert.Multiple(() =>
        {
            Assert.That(cappedCapacity.MemoryMb, Is.EqualTo(Math.Min(1536, uncapped.MemoryMb)));
            Assert.That(nowhereCapacity, Is.EqualTo(new Spi.Containers.ContainerCapacity { MemoryMb = 0, Nodes = 0 }));
            Assert.That(managersCapacity.Nodes, Is.EqualTo(1));
        });
    }

    [Test]
    public void A_container_no_node_has_room_for_fails_with_the_reason_instead_of_waiting()
    {
        using var quick = SwarmCluster.Factory(o => o.PendingTimeout = TimeSpan.FromSeconds(1));
        var request = new Spi.Containers.ContainerRequest { Name = "wskcap_huge", Owner = "wskcap" + Guid.NewGuid().ToString("N")[..6], Image = SwarmCluster.NodeImage, MemoryMb = 4 * 1024 * 1024 };

        var error = Assert.ThrowsAsync<Spi.Containers.ContainerStartupException>(() => quick.CreateContainerAsync(request, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.IsDeveloperError, Is.False);
            Assert.That(error.Message, Does.Contain("no node of the cluster can run a container of 4194304 MB").And.Contain("insufficient resources"));
        });
    }
}
