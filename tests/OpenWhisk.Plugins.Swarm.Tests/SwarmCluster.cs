using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace OpenWhisk.Plugins.Swarm.Tests;

/// <summary>
/// A one-node Swarm on the local engine for the tests: initialized (advertising 127.0.0.1) when the engine is not in
/// a swarm yet, and left again after the tests, removing the bridge Swarm adds, so the engine ends as it was found.
/// Outside CI a machine without Docker skips the tests; in CI (the <c>CI</c> variable is set) it fails them.
/// </summary>
internal static class SwarmCluster
{
    public const string NodeImage = "openwhisknet/action-nodejs-v20:latest";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? problem;
    private static bool ready;

    /// <summary>Gets a value indicating whether the tests initialized the swarm (and so leave it at the end).</summary>
    public static bool InitializedHere { get; private set; }

    public static DockerClient Client() => new DockerClientConfiguration(new Uri("unix:///var/run/docker.sock")).CreateClient(new System.Version(1, 41));

    public static SwarmContainerFactory Factory(Action<SwarmOptions>? configure = null)
    {
        var options = new SwarmOptions();
        configure?.Invoke(options);
        return new SwarmContainerFactory(Options.Create(options), TimeProvider.System, NullLogger<SwarmContainerFactory>.Instance);
    }

    public static async Task RequireAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (!ready && problem is null)
            {
                problem = await PrepareAsync();
                ready = problem is null;
            }
        }
        finally
        {
            Gate.Release();
        }

        if (problem is not null)
        {
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            {
                Assert.Fail("Docker Swarm is required in CI: " + problem);
            }

            Assert.Ignore("Docker Swarm is not available on this machine (" + problem + "); ./test.sh installs Docker and the tests initialize a one-node swarm.");
        }
    }

    /// <summary>The services on the cluster that carry <paramref name="owner"/>'s label.</summary>
    public static async Task<IList<SwarmService>> ServicesOfAsync(string owner)
    {
        using var client = Client();
        return (await client.Swarm.ListServicesAsync(new ServicesListParameters { Filters = new ServiceFilter { Label = ["net.openwhisk.owner=" + owner] } })).ToList();
    }

    /// <summary>The id of the service whose running container has the host name <paramref name="hostName"/> (its short id).</summary>
    public static async Task<string> ServiceOfHostAsync(string hostName)
    {
        using var client = Client();
        var tasks = await client.Tasks.ListAsync();
        return tasks.Single(t => t.Status?.ContainerStatus?.ContainerID?.StartsWith(hostName, StringComparison.Ordinal) == true).ServiceID;
    }

    /// <summary>Leaves the swarm if the tests initialized it.</summary>
    public static async Task LeaveAsync()
    {
        if (!InitializedHere)
        {
            return;
        }

        using var client = Client();
        await client.Swarm.LeaveSwarmAsync(new SwarmLeaveParameters { Force = true });
        foreach (var network in new[] { "docker_gwbridge", SwarmActionNetwork.ConfigNetworkName })
        {
            try
            {
                await client.Networks.DeleteNetworkAsync(network);
            }
            catch (DockerApiException)
            {
                // Not there, or still in use by something else: leave it.
            }
        }

        InitializedHere = false;
        ready = false;
    }

    private static async Task<string?> PrepareAsync()
    {
        if (!File.Exists("/var/run/docker.sock"))
        {
            return "/var/run/docker.sock does not exist";
        }

        using var client = Client();
        try
        {
            await client.System.PingAsync();
        }
        catch (Exception exception)
        {
            return "the engine does not answer: " + exception.Message;
        }

        var build = await BuildImagesAsync();
        if (build is not null)
        {
            return build;
        }

        var info = await client.System.GetSystemInfoAsync();
        if (string.Equals(info.Swarm?.LocalNodeState, "active", StringComparison.OrdinalIgnoreCase))
        {
            return info.Swarm!.ControlAvailable ? null : "the engine is a swarm worker, not a manager";
        }

        try
        {
            await client.Swarm.InitSwarmAsync(new SwarmInitParameters { ListenAddr = "127.0.0.1:2377", AdvertiseAddr = "127.0.0.1" });
            InitializedHere = true;
            return null;
        }
        catch (DockerApiException exception)
        {
            return "docker swarm init failed: " + exception.ResponseBody;
        }
    }

    private static async Task<string?> BuildImagesAsync()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "OpenWhisk.sln")))
        {
            root = root.Parent;
        }

        using var build = Process.Start(new ProcessStartInfo("bash", Path.Combine(root!.FullName, "runtimes", "build-images.sh"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = build.StandardOutput.ReadToEndAsync();
        var error = build.StandardError.ReadToEndAsync();
        await build.WaitForExitAsync();
        return build.ExitCode == 0 ? null : $"runtimes/build-images.sh failed: {await output} {await error}";
    }
}
