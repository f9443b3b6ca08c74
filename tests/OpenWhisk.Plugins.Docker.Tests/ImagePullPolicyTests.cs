using System.Diagnostics;
using OpenWhisk.Spi.Activations;
using static OpenWhisk.TestSupport.Jobs;

namespace OpenWhisk.Plugins.Docker.Tests;

/// <summary>
/// Blackbox images and a registry: with <c>always</c> (the default, OpenWhisk's behaviour) a re-pushed tag is used at
/// the next cold start, with <c>missing</c> the engine's copy is kept, and an unreachable registry falls back to the
/// engine's copy. The registry holds <c>v2</c> under the tag while the engine's copy of the tag is still <c>v1</c>.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ImagePullPolicyTests
{
    private const string Code = "function main() { return { stamp: process.env.STAMP }; }";
    private LocalRegistry registry = null!;
    private string image = null!;
    private string owner = null!;

    [OneTimeSetUp]
    public async Task PushTwoVersionsOfOneTag()
    {
        DockerEnvironment.Require();
        registry = await LocalRegistry.StartAsync();
        image = registry.Host + "/owtest/stamped:latest";
        await BuildAsync("owtest-stamped:v1", "v1");
        await BuildAsync("owtest-stamped:v2", "v2");
        await DockerAsync("tag", "owtest-stamped:v2", image);
        await DockerAsync("push", image);
    }

    [OneTimeTearDown]
    public async Task RemoveImagesAndRegistry()
    {
        // Pulls leave untagged copies under the registry's name too.
        var pulled = (await DockerAsync("images", "-q", "--no-trunc", registry.Host + "/owtest/stamped")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in pulled.Concat(["owtest-stamped:v1", "owtest-stamped:v2"]).Distinct())
        {
            await DockerAsync("rmi", "-f", name);
        }

        await registry.DisposeAsync();
    }

    [SetUp]
    public async Task MakeTheEnginesCopyStale()
    {
        owner = "wskpull" + Guid.NewGuid().ToString("N")[..8];
        await DockerAsync("tag", "owtest-stamped:v1", image);
    }

    [Test]
    public async Task Always_pulls_a_re_pushed_tag_at_the_next_cold_start()
    {
        Assert.That(await StampAsync(ImagePullPolicy.Always), Is.EqualTo("v2"));
    }

    [Test]
    public async Task Missing_keeps_the_engines_copy()
    {
        Assert.That(await StampAsync(ImagePullPolicy.Missing), Is.EqualTo("v1"));
    }

    [Test]
    public async Task Always_uses_the_engines_copy_when_the_registry_cannot_be_reached()
    {
        await registry.StopAsync();
        try
        {
            Assert.That(await StampAsync(ImagePullPolicy.Always), Is.EqualTo("v1"));
        }
        finally
        {
            registry = await LocalRegistry.RestartAsync(registry);
        }
    }

    [Test]
    public async Task An_image_in_no_registry_and_not_on_the_engine_is_a_developer_error()
    {
        using var factory = DockerEnvironment.Factory(o => o.PullPolicy = ImagePullPolicy.Always);
        await using var pool = new RealTimePool(factory, owner);
        var missing = registry.Host + "/owtest/never-pushed:latest";

        var record = await pool.InvokeAsync(Job(Action("nowhere", kind: "blackbox", image: missing, code: Code)));

        Assert.That(record.Response.StatusCode, Is.EqualTo(ActivationStatus.DeveloperError));
        Assert.That(record.Error(), Is.EqualTo($"Failed to pull container image '{missing}'."));
    }

    [Test]
    public async Task A_registry_that_never_answers_fails_the_pull_after_the_pull_timeout_as_a_developer_error()
    {
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var held = new System.Collections.Concurrent.ConcurrentBag<System.Net.Sockets.Socket>();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                held.Add(await silent.AcceptSocketAsync());
            }
        });
        var stalled = $"127.0.0.1:{((System.Net.IPEndPoint)silent.LocalEndpoint).Port}/owtest/silent:latest";
        using var factory = DockerEnvironment.Factory(o =>
        {
            o.PullPolicy = ImagePullPolicy.Missing;
            o.PullTimeout = TimeSpan.FromSeconds(2);
        });
        await using var pool = new RealTimePool(factory, owner);

        var clock = Stopwatch.StartNew();
        var record = await pool.InvokeAsync(Job(Action("stalled", kind: "blackbox", image: stalled, code: Code)));
        clock.Stop();
        silent.Stop();
        foreach (var socket in held)
        {
            socket.Dispose();
        }

        Assert.Multiple(() =>
        {
            Assert.That(record.Response.StatusCode, Is.EqualTo(ActivationStatus.DeveloperError));
            Assert.That(record.Error(), Is.EqualTo($"Failed to pull container image '{stalled}'."));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "bounded by the pull timeout, not the registry");
        });
    }

    private async Task<string?> StampAsync(ImagePullPolicy policy)
    {
        using var factory = DockerEnvironment.Factory(o => o.PullPolicy = policy);
        await using var pool = new RealTimePool(factory, owner);
        var record = await pool.InvokeAsync(Job(Action("stamped", kind: "blackbox", image: image, code: Code)));
        Assert.That(record.Response.StatusCode, Is.EqualTo(ActivationStatus.Success), record.Error());
        return record.Response.Result?.GetProperty("stamp").GetString();
    }

    private static async Task BuildAsync(string tag, string stamp)
    {
        var context = Directory.CreateTempSubdirectory("owstamped").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(context, "Dockerfile"), $"FROM {DockerEnvironment.NodeImage}\nENV STAMP={stamp}\n");
            await DockerAsync("build", "-q", "-t", tag, context);
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }

    private static async Task<string> DockerAsync(params string[] arguments)
    {
        using var docker = Process.Start(new ProcessStartInfo("docker", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = docker.StandardOutput.ReadToEndAsync();
        var error = docker.StandardError.ReadToEndAsync();
        await docker.WaitForExitAsync();
        if (docker.ExitCode != 0 && arguments[0] != "rmi")
        {
            Assert.Fail($"docker {string.Join(' ', arguments)} failed: {await error}{await output}");
        }

        return await output;
    }
}
