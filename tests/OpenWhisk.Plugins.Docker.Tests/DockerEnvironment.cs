using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace OpenWhisk.Plugins.Docker.Tests;

/// <summary>
/// The Docker engine and runtime images the tests need. Outside CI a machine without Docker skips these tests;
/// in CI (the <c>CI</c> variable is set) a missing engine fails them.
/// </summary>
internal static class DockerEnvironment
{
    public const string NodeImage = "openwhisknet/action-nodejs-v20:latest";
    public const string PythonImage = "openwhisknet/action-python-v3:latest";
    private static readonly Lazy<string?> Problem = new(Probe);

    public static string RepositoryRoot { get; } = FindRoot();

    public static void Require()
    {
        if (Problem.Value is { } problem)
        {
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            {
                Assert.Fail("Docker is required in CI: " + problem);
            }

            Assert.Ignore("Docker is not available on this machine (" + problem + "); ./test.sh installs and starts it.");
        }
    }

    public static DockerContainerFactory Factory(Action<DockerOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new DockerOptions();
        configure?.Invoke(options);
        return new DockerContainerFactory(Options.Create(options), time ?? TimeProvider.System, NullLogger<DockerContainerFactory>.Instance);
    }

    public static DockerClient Client() =>
        new DockerClientConfiguration(new Uri("unix:///var/run/docker.sock")).CreateClient(new System.Version(1, 41));

    public static async Task<IList<ContainerListResponse>> ContainersOfAsync(string owner)
    {
        using var client = Client();
        return await client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { ["net.openwhisk.owner=" + owner] = true } },
        });
    }

    private static string? Probe()
    {
        if (!File.Exists("/var/run/docker.sock"))
        {
            return "/var/run/docker.sock does not exist";
        }

        try
        {
            using var client = Client();
            client.System.PingAsync().GetAwaiter().GetResult();
        }
        catch (Exception exception)
        {
            return "the engine does not answer: " + exception.Message;
        }

        using var build = Process.Start(new ProcessStartInfo("bash", Path.Combine(RepositoryRoot, "runtimes", "build-images.sh"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = build.StandardOutput.ReadToEndAsync();
        var error = build.StandardError.ReadToEndAsync();
        build.WaitForExit();
        return build.ExitCode == 0 ? null : $"runtimes/build-images.sh failed: {output.Result} {error.Result}";
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OpenWhisk.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("OpenWhisk.sln not found");
    }
}
