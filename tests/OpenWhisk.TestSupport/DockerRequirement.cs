using System.Diagnostics;

namespace OpenWhisk.TestSupport;

/// <summary>End-to-end tests need a running Docker engine: skipped without one outside CI, failed without one in CI.</summary>
public static class DockerRequirement
{
    private static readonly Lazy<string?> Problem = new(Probe);

    public static void Require()
    {
        if (Problem.Value is not { } problem)
        {
            return;
        }

        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Assert.Fail("Docker is required in CI: " + problem);
        }

        Assert.Ignore("Docker is not available (" + problem + "); ./test.sh installs and starts it.");
    }

    private static string? Probe()
    {
        if (!File.Exists("/var/run/docker.sock"))
        {
            return "/var/run/docker.sock does not exist";
        }

        using var info = Process.Start(new ProcessStartInfo("docker", "image inspect openwhisknet/action-nodejs-v20:latest openwhisknet/action-python-v3:latest")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        info.WaitForExit();
        return info.ExitCode == 0 ? null : "the runtime images are missing; run runtimes/build-images.sh";
    }
}
