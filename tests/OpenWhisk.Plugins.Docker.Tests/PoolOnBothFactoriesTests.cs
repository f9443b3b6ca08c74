using Microsoft.Extensions.Options;
using OpenWhisk.Invoker.Pool;
using OpenWhisk.Plugins.Simulation;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Containers;
using static OpenWhisk.TestSupport.Jobs;

namespace OpenWhisk.Plugins.Docker.Tests;

/// <summary>
/// The same pool behaviours on the simulated factory and on real Docker containers: the pool runs on either
/// factory unchanged. The Node.js test action interprets the simulated factory's <c>simulate</c> parameter.
/// </summary>
[TestFixture("simulated")]
[TestFixture("docker")]
public sealed class PoolOnBothFactoriesTests(string factoryName)
{
    private IContainerFactory factory = null!;
    private string owner = null!;

    [OneTimeSetUp]
    public void CreateFactory()
    {
        if (factoryName == "docker")
        {
            DockerEnvironment.Require();
            factory = DockerEnvironment.Factory();
        }
        else
        {
            factory = new SimulatedContainerFactory(
                Options.Create(new SimulationOptions { CreateLatency = TimeSpan.FromMilliseconds(20), DestroyLatency = TimeSpan.FromMilliseconds(5) }),
                TimeProvider.System);
        }
    }

    [OneTimeTearDown]
    public void DisposeFactory() => (factory as IDisposable)?.Dispose();

    [SetUp]
    public void NewOwner() => owner = "wsktest" + Guid.NewGuid().ToString("N")[..8];

    [Test]
    public async Task A_cold_start_initializes_and_the_next_activation_reuses_the_warm_container()
    {
        await using var pool = new RealTimePool(factory, owner);
        var action = NodeAction("hello");

        var first = await pool.InvokeAsync(Job(action, parameters: new { name = "world" }));
        var second = await pool.InvokeAsync(Job(action, parameters: new { name = "again" }));

        Assert.Multiple(() =>
        {
            Assert.That(first.Response.IsSuccess, Is.True, first.Error());
            Assert.That(first.Response.Result!.Value.GetProperty("name").GetString(), Is.EqualTo("world"));
            Assert.That(first.Annotation("initTime"), Is.Not.Null);
            Assert.That(second.Response.Result!.Value.GetProperty("name").GetString(), Is.EqualTo("again"));
            Assert.That(second.Annotation("initTime"), Is.Null);
            Assert.That(pool.Pool.Counters.ColdStarts, Is.EqualTo(1));
            Assert.That(pool.Pool.Counters.WarmStarts, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Pauses_after_the_grace_and_resumes_for_the_next_activation()
    {
        await using var pool = new RealTimePool(factory, owner, new ContainerPoolOptions { PauseGrace = TimeSpan.FromMilliseconds(300) });
        var action = NodeAction("sleepy");

        await pool.InvokeAsync(Job(action));
        var paused = await Eventually.TrueAsync(async () => (await pool.Pool.GetSnapshotAsync()).Entries.Single().State == ContainerProxyState.Paused);
        var pausedInEngine = factory is DockerContainerFactory
            ? (await DockerEnvironment.ContainersOfAsync(owner)).Single().State == "paused"
            : ((SimulatedContainerFactory)factory).LiveContainers.Single(c => c.Request.Owner == owner).Paused;
        var resumed = await pool.InvokeAsync(Job(action, parameters: new { after = "pause" }));

        Assert.Multiple(() =>
        {
            Assert.That(paused, Is.True);
            Assert.That(pausedInEngine, Is.True);
            Assert.That(resumed.Response.Result!.Value.GetProperty("after").GetString(), Is.EqualTo("pause"));
            Assert.That(pool.Pool.Counters.WarmStarts, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task An_exit_during_run_is_a_developer_error_and_the_next_activation_gets_a_fresh_container()
    {
        await using var pool = new RealTimePool(factory, owner);
        var action = NodeAction("fragile");

        var crashed = await pool.InvokeAsync(Job(action, simulate: new { outcome = "exit" }));
        var next = await pool.InvokeAsync(Job(action));

        Assert.Multiple(() =>
        {
            Assert.That(crashed.Response.StatusCode, Is.EqualTo(ActivationStatus.DeveloperError));
            Assert.That(crashed.Error(), Is.EqualTo("The action did not produce a valid response and exited unexpectedly."));
            Assert.That(next.Response.IsSuccess, Is.True, next.Error());
            Assert.That(pool.Pool.Counters.ColdStarts, Is.EqualTo(2), "the crashed container was not reused");
        });
    }

    [Test]
    public async Task A_timeout_is_a_developer_error_with_the_timeout_annotation_and_removes_the_container()
    {
        await using var pool = new RealTimePool(factory, owner);

        var record = await pool.InvokeAsync(Job(NodeAction("slow", timeoutMs: 1000), simulate: new { outcome = "hang" }));
        var removed = await Eventually.TrueAsync(async () => await LiveContainersAsync() == 0);

        Assert.Multiple(() =>
        {
            Assert.That(record.Response.StatusCode, Is.EqualTo(ActivationStatus.DeveloperError));
            Assert.That(record.Error(), Is.EqualTo("The action exceeded its time limits of 1000 milliseconds."));
            Assert.That(record.Annotation("timeout")!.Value.GetBoolean(), Is.True);
            Assert.That(removed, Is.True);
        });
    }

    [Test]
    public async Task Exhausting_memory_is_reported_and_removes_the_container()
    {
        await using var pool = new RealTimePool(factory, owner);

        var record = await pool.InvokeAsync(Job(NodeAction("hungry", memoryMb: 128), simulate: new { outcome = "oom" }));
        var removed = await Eventually.TrueAsync(async () => await LiveContainersAsync() == 0);

        Assert.Multiple(() =>
        {
            Assert.That(record.Response.StatusCode, Is.EqualTo(ActivationStatus.DeveloperError));
            Assert.That(record.Error(), Is.EqualTo("The action exhausted its memory and was aborted."));
            Assert.That(removed, Is.True);
        });
    }

    [Test]
    public async Task Logs_of_consecutive_activations_go_to_the_right_record()
    {
        await using var pool = new RealTimePool(factory, owner);
        var action = NodeAction("talker");

        var first = await pool.InvokeAsync(Job(action, simulate: new { logs = new[] { "first-a", "first-b" } }));
        var second = await pool.InvokeAsync(Job(action, simulate: new { logs = new[] { "second" } }));

        Assert.Multiple(() =>
        {
            Assert.That(first.Logs.Select(l => l[^7..]), Is.EqualTo(new[] { "first-a", "first-b" }));
            Assert.That(first.Logs, Has.All.Match(@"^\d{4}-\d\d-\d\dT\S+Z\s+stdout: first-[ab]$"));
            Assert.That(second.Logs.Single(), Does.EndWith("stdout: second"));
        });
    }

    [Test]
    public async Task An_application_error_keeps_the_container()
    {
        await using var pool = new RealTimePool(factory, owner);
        var action = NodeAction("picky");

        var failed = await pool.InvokeAsync(Job(action, simulate: new { outcome = "error" }));
        var next = await pool.InvokeAsync(Job(action));

        Assert.Multiple(() =>
        {
            Assert.That(failed.Response.StatusCode, Is.EqualTo(ActivationStatus.ApplicationError));
            Assert.That(failed.Error(), Is.EqualTo("simulated application error"));
            Assert.That(next.Response.IsSuccess, Is.True);
            Assert.That(pool.Pool.Counters.ColdStarts, Is.EqualTo(1));
        });
    }

    private static Spi.Entities.WhiskAction NodeAction(string name, int memoryMb = 256, int timeoutMs = 60_000) =>
        Action(name, memoryMb: memoryMb, timeoutMs: timeoutMs, code: Actions.SimulateJs);

    private async Task<int> LiveContainersAsync() => factory is DockerContainerFactory
        ? (await DockerEnvironment.ContainersOfAsync(owner)).Count
        : ((SimulatedContainerFactory)factory).LiveContainers.Count(c => c.Request.Owner == owner);
}
