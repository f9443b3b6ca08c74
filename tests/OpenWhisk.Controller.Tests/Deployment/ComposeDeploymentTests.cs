using System.Diagnostics;

namespace OpenWhisk.Controller.Tests.Deployment;

/// <summary>
/// The service images (deploy/build-images.sh) brought up by deploy/compose.yaml with Debian's docker-compose:
/// PostgreSQL, the Kafka mock, a controller and two invokers; an action invoked through it; torn down with nothing left.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ComposeDeploymentTests
{
    [Test]
    public async Task The_compose_deployment_comes_up_runs_an_action_on_its_invokers_and_leaves_nothing_behind()
    {
        DockerRequirement.Require();
        if (!File.Exists("/usr/bin/docker-compose"))
        {
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            {
                Assert.Fail("docker-compose is required in CI; ./test.sh installs it");
            }

            Assert.Ignore("docker-compose is not installed; ./test.sh installs it");
        }

        var repository = RepositoryRoot();
        var project = "owcompose" + Guid.NewGuid().ToString("N")[..6];
        var apiPort = LoopbackPort.Free();
        var environment = new Dictionary<string, string>
        {
            ["OW_API_PORT"] = apiPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["OW_INVOKER0_PORT"] = LoopbackPort.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["OW_INVOKER1_PORT"] = LoopbackPort.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["OW_POSTGRES_PORT"] = LoopbackPort.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["OW_KAFKA_BOOTSTRAP"] = string.Empty,
        };
        string[] compose = ["-f", Path.Combine(repository, "deploy/compose.yaml"), "-p", project];

        var built = await RunAsync(repository, Path.Combine(repository, "deploy/build-images.sh"), [], environment, TimeSpan.FromMinutes(10));
        Assert.That(built.ExitCode, Is.Zero, built.Output);
        try
        {
            var up = await RunAsync(repository, "docker-compose", [.. compose, "up", "-d"], environment, TimeSpan.FromMinutes(5));
            Assert.That(up.ExitCode, Is.Zero, up.Output);
            using var client = ServiceProcess.ApiClient(new Uri($"http://127.0.0.1:{apiPort}"));
            var ready = await WithinAsync(TimeSpan.FromMinutes(3), async () =>
            {
                var (status, body) = await client.GetJsonAsync("/invokers");
                return status == 200 && body.EnumerateObject().Count(i => i.Value.GetString() == "up") == 2;
            });
            Assert.That(ready, Is.True, "two invokers up: " + (await RunAsync(repository, "docker-compose", [.. compose, "logs", "--tail", "40"], environment, TimeSpan.FromMinutes(1))).Output);

            Assert.That((await client.PutActionAsync("composed", "nodejs:20", "function main(p) { return { greeting: 'hello ' + p.name }; }")).Status, Is.EqualTo(200));
            var invoked = await client.InvokeAsync("composed", new { name = "compose" }, result: true);
            using var health = await client.GetAsync("/health/ready");
            Assert.Multiple(() =>
            {
                Assert.That(invoked.Status, Is.EqualTo(200), invoked.Body.ToString());
                Assert.That(invoked.Body.GetProperty("greeting").GetString(), Is.EqualTo("hello compose"));
                Assert.That((int)health.StatusCode, Is.EqualTo(200));
            });
        }
        finally
        {
            var down = await RunAsync(repository, "docker-compose", [.. compose, "down", "-v", "--timeout", "60"], environment, TimeSpan.FromMinutes(3));
            Assert.That(down.ExitCode, Is.Zero, down.Output);
        }

        var left = await RunAsync(repository, "docker", ["ps", "-aq", "--filter", "label=com.docker.compose.project=" + project], environment, TimeSpan.FromMinutes(1));
        var actions = await RunAsync(repository, "docker", ["ps", "-aq", "--filter", "name=wskcompose"], environment, TimeSpan.FromMinutes(1));
        Assert.Multiple(() =>
        {
            Assert.That(left.Output.Trim(), Is.Empty, "no service container left");
            Assert.That(actions.Output.Trim(), Is.Empty, "the invokers removed their action containers");
        });
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OpenWhisk.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root was not found.");
    }

    private static Task<(int ExitCode, string Output)> RunAsync(
        string directory, string command, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan limit) =>
        ExternalCommand.RunAsync(command, arguments, environment, directory, limit);

    private static async Task<bool> WithinAsync(TimeSpan limit, Func<Task<bool>> probe)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            try
            {
                if (await probe())
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(500);
        }

        return false;
    }
}
