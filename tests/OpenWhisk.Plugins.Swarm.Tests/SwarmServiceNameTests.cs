using Docker.DotNet.Models;
using OpenWhisk.Spi.Containers;

namespace OpenWhisk.Plugins.Swarm.Tests;

/// <summary>
/// A service name already taken: by this owner (a leftover, or a create whose answer was lost) it is replaced, so no
/// service of the owner runs untracked; by anyone else it is left alone and the new service gets a fresh name.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class SwarmServiceNameTests : SwarmFactoryFixture
{
    [TestCase(true)]
    [TestCase(false)]
    public async Task A_taken_name_is_replaced_when_the_owner_holds_it_and_avoided_otherwise(bool sameOwner)
    {
        var owner = "wsknames" + Guid.NewGuid().ToString("N")[..6];
        var holder = sameOwner ? owner : "someone-else";
        using var docker = SwarmCluster.Client();
        var taken = await docker.Swarm.CreateServiceAsync(new ServiceCreateParameters
        {
            Service = new ServiceSpec
            {
                Name = owner + "-1-guest-named",
                Labels = new Dictionary<string, string> { ["net.openwhisk.owner"] = holder },
                TaskTemplate = new TaskSpec
                {
                    ContainerSpec = new ContainerSpec { Image = SwarmCluster.NodeImage },
                    RestartPolicy = new SwarmRestartPolicy { Condition = "none" },
                },
            },
        });
        try
        {
            var container = await Factory.CreateContainerAsync(
                new ContainerRequest { Name = owner + "_1_guest_named", Owner = owner, Image = SwarmCluster.NodeImage, MemoryMb = 128 }, CancellationToken.None);
            var ours = (await SwarmCluster.ServicesOfAsync(owner)).Single();
            var holders = await SwarmCluster.ServicesOfAsync(holder);
            await container.DestroyAsync(CancellationToken.None);

            Assert.Multiple(() =>
            {
                Assert.That(ours.ID, Is.EqualTo(container.Id));
                Assert.That(ours.Spec.Name, sameOwner ? Is.EqualTo(owner + "-1-guest-named") : Does.StartWith(owner + "-1-guest-named-"));
                Assert.That(holders.Select(s => s.ID), sameOwner ? Does.Not.Contain(taken.ID) : Does.Contain(taken.ID));
            });
        }
        finally
        {
            try
            {
                await docker.Swarm.RemoveServiceAsync(taken.ID);
            }
            catch (global::Docker.DotNet.DockerApiException)
            {
                // Already replaced.
            }
        }
    }
}
