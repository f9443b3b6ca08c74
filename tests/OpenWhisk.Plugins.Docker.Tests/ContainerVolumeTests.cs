using Docker.DotNet;
using Docker.DotNet.Models;
using OpenWhisk.Spi.Containers;

namespace OpenWhisk.Plugins.Docker.Tests;

/// <summary>An image that declares a volume (blackbox images may) leaves no anonymous volume behind its containers.</summary>
[TestFixture]
public sealed class ContainerVolumeTests
{
    private const string VolumeImage = "openwhisknet/test-volume:latest";
    private DockerContainerFactory factory = null!;
    private DockerClient client = null!;
    private string owner = null!;

    [OneTimeSetUp]
    public async Task CreateImageWithAVolume()
    {
        DockerEnvironment.Require();
        factory = DockerEnvironment.Factory();
        client = DockerEnvironment.Client();
        var created = await client.Containers.CreateContainerAsync(new CreateContainerParameters { Image = DockerEnvironment.NodeImage });
        try
        {
            await client.Images.CommitContainerChangesAsync(new CommitContainerChangesParameters
            {
                ContainerID = created.ID,
                RepositoryName = VolumeImage.Split(':')[0],
                Tag = "latest",
                Changes = ["VOLUME [\"/scratch\"]"],
            });
        }
        finally
        {
            await client.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true, RemoveVolumes = true });
        }
    }

    [OneTimeTearDown]
    public void DisposeFactory()
    {
        factory?.Dispose();
        client?.Dispose();
    }

    [SetUp]
    public void NewOwner() => owner = "wsktest" + Guid.NewGuid().ToString("N")[..8];

    [TearDown]
    public async Task RemoveContainers() => await factory.CleanupAsync(owner, CancellationToken.None);

    [Test]
    public async Task A_destroyed_container_takes_its_anonymous_volume_with_it()
    {
        var container = await factory.CreateContainerAsync(Request("destroyed"), CancellationToken.None);
        var volume = await VolumeOfAsync();

        await container.DestroyAsync(CancellationToken.None);

        Assert.That(await ExistsAsync(volume), Is.False, $"volume {volume}");
    }

    [Test]
    public async Task Cleaning_up_a_leftover_container_takes_its_anonymous_volume_with_it()
    {
        await factory.CreateContainerAsync(Request("leftover"), CancellationToken.None);
        var volume = await VolumeOfAsync();

        await factory.CleanupAsync(owner, CancellationToken.None);

        Assert.That(await ExistsAsync(volume), Is.False, $"volume {volume}");
    }

    private ContainerRequest Request(string name) => new()
    {
        Name = $"{owner}_1_guest_{name}",
        Owner = owner,
        Image = VolumeImage,
        MemoryMb = 128,
        CpuShares = 64,
    };

    /// <summary>The anonymous volume mounted at <c>/scratch</c> in this test's container.</summary>
    private async Task<string> VolumeOfAsync()
    {
        var id = (await DockerEnvironment.ContainersOfAsync(owner)).Single().ID;
        var inspected = await client.Containers.InspectContainerAsync(id);
        var volume = inspected.Mounts.Single(m => m.Destination == "/scratch" && m.Type == "volume").Name;
        Assert.That(await ExistsAsync(volume), Is.True, "the image's volume exists while its container does");
        return volume;
    }

    private async Task<bool> ExistsAsync(string volume)
    {
        try
        {
            await client.Volumes.InspectAsync(volume);
            return true;
        }
        catch (DockerApiException exception) when (exception.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
