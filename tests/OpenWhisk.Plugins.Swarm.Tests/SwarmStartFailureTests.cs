using OpenWhisk.Spi.Containers;

namespace OpenWhisk.Plugins.Swarm.Tests;

/// <summary>A blackbox image whose task cannot start is the developer's error, with the engine's reason.</summary>
[TestFixture]
[NonParallelizable]
public sealed class SwarmStartFailureTests : SwarmFactoryFixture
{
    [Test]
    public async Task A_blackbox_image_whose_entrypoint_is_missing_is_a_developer_error_and_leaves_no_service()
    {
        var image = await BadEntrypointImage.EnsureAsync();
        var owner = "wskbad" + Guid.NewGuid().ToString("N")[..6];
        var request = new ContainerRequest { Name = owner + "_1_guest_badentry", Owner = owner, Image = image, UserProvidedImage = true, Kind = "blackbox", MemoryMb = 128 };

        var error = Assert.ThrowsAsync<ContainerStartupException>(() => Factory.CreateContainerAsync(request, CancellationToken.None));
        var services = await SwarmCluster.ServicesOfAsync(owner);

        Assert.Multiple(() =>
        {
            Assert.That(error!.IsDeveloperError, Is.True, error.Message);
            Assert.That(error.Message, Does.StartWith($"Failed to start container image '{image}': ").And.Contain("/does-not-exist"));
            Assert.That(services, Is.Empty);
        });
    }
}
