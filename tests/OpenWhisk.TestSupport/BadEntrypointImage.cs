using Docker.DotNet;
using Docker.DotNet.Models;

namespace OpenWhisk.TestSupport;

/// <summary>A local image whose entrypoint does not exist: the runtime base image committed with another entrypoint.</summary>
public static class BadEntrypointImage
{
    public const string Name = "openwhisknet/test-bad-entrypoint:latest";
    private const string BaseImage = "openwhisknet/runtime-base:latest";

    public static async Task<string> EnsureAsync()
    {
        using var client = new DockerClientConfiguration(new Uri("unix:///var/run/docker.sock")).CreateClient(new System.Version(1, 41));
        var created = await client.Containers.CreateContainerAsync(new CreateContainerParameters { Image = BaseImage, Entrypoint = ["/does-not-exist"] });
        try
        {
            await client.Images.CommitContainerChangesAsync(new CommitContainerChangesParameters
            {
                ContainerID = created.ID,
                RepositoryName = Name.Split(':')[0],
                Tag = "latest",
                Changes = ["ENTRYPOINT [\"/does-not-exist\"]", "CMD []"],
            });
        }
        finally
        {
            await client.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true });
        }

        return Name;
    }
}
