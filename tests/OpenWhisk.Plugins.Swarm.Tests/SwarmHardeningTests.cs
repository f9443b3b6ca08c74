using OpenWhisk.Spi.Containers;

namespace OpenWhisk.Plugins.Swarm.Tests;

/// <summary>Swarm services of action containers are hardened like the Docker factory's containers.</summary>
[TestFixture]
[NonParallelizable]
public sealed class SwarmHardeningTests : SwarmFactoryFixture
{
    [Test]
    public async Task A_runtime_containers_service_drops_every_capability_limits_pids_memory_and_files_and_keeps_a_writable_root_by_default()
    {
        var owner = "wskhard" + Guid.NewGuid().ToString("N")[..6];
        var container = await Factory.CreateContainerAsync(
            new ContainerRequest { Name = owner + "_1_guest_hard", Owner = owner, Kind = "nodejs:20", Image = SwarmCluster.NodeImage, MemoryMb = 128 },
            CancellationToken.None);
        try
        {
            var task = (await SwarmCluster.ServicesOfAsync(owner)).Single().Spec.TaskTemplate;
            var spec = task.ContainerSpec;

            Assert.Multiple(() =>
            {
                Assert.That(spec.CapabilityDrop, Is.EqualTo(new[] { "ALL" }));
                Assert.That(spec.ReadOnly, Is.False, "a service's tmpfs would be noexec");
                Assert.That(task.Resources.Limits.Pids, Is.EqualTo(1024), "pids limit");
                Assert.That(task.Resources.Limits.MemoryBytes, Is.EqualTo(128L * 1024 * 1024), "the action's memory as the limit");
                Assert.That(spec.Ulimits.Single(u => u.Name == "nofile").Hard, Is.EqualTo(1024), "nofile limit");
            });
        }
        finally
        {
            await container.DestroyAsync(CancellationToken.None);
        }
    }

    [Test]
    public async Task With_a_read_only_root_a_runtime_containers_service_gets_tmp_in_memory()
    {
        var owner = "wskhard" + Guid.NewGuid().ToString("N")[..6];
        await using var hardened = SwarmCluster.Factory(o => o.ReadOnlyRootFilesystem = true);
        var container = await hardened.CreateContainerAsync(
            new ContainerRequest { Name = owner + "_1_guest_hard", Owner = owner, Kind = "nodejs:20", Image = SwarmCluster.NodeImage, MemoryMb = 128 },
            CancellationToken.None);
        try
        {
            var spec = (await SwarmCluster.ServicesOfAsync(owner)).Single().Spec.TaskTemplate.ContainerSpec;

            Assert.Multiple(() =>
            {
                Assert.That(spec.ReadOnly, Is.True);
                Assert.That(spec.Mounts.Single(m => m.Type == "tmpfs").Target, Is.EqualTo("/tmp"));
                Assert.That(spec.Mounts.Single(m => m.Type == "tmpfs").TmpfsOptions.SizeBytes, Is.EqualTo(128L * 1024 * 1024));
            });
        }
        finally
        {
            await container.DestroyAsync(CancellationToken.None);
        }
    }
}
