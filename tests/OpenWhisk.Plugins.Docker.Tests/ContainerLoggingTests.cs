using Microsoft.Extensions.Options;
using OpenWhisk.Invoker.Pool;
using OpenWhisk.Spi.Activations;
using static OpenWhisk.TestSupport.Jobs;
using OpenWhisk.Plugins.LogStores;

namespace OpenWhisk.Plugins.Docker.Tests;

/// <summary>
/// The log store decides how action containers log (OpenWhisk's <c>LogStore.containerParameters</c>): the collecting
/// stores ask for a rotated json-file, <c>logdriver</c> for the configured driver, <c>none</c> for the engine's default.
/// </summary>
[TestFixture]
public sealed class ContainerLoggingTests
{
    private DockerContainerFactory factory = null!;
    private string owner = null!;

    [OneTimeSetUp]
    public void CreateFactory()
    {
        DockerEnvironment.Require();
        factory = DockerEnvironment.Factory();
    }

    [OneTimeTearDown]
    public void DisposeFactory() => factory?.Dispose();

    [SetUp]
    public void NewOwner() => owner = "wsklogs" + Guid.NewGuid().ToString("N")[..8];

    [TearDown]
    public async Task RemoveContainers()
    {
        await factory.CleanupAsync(owner, CancellationToken.None);
        Assert.That(await DockerEnvironment.ContainersOfAsync(owner), Is.Empty, "no container of this test is left behind");
    }

    [Test]
    public async Task The_activation_log_store_has_containers_keep_a_rotated_json_file()
    {
        await using var pool = new RealTimePool(factory, owner, NoStemCells());
        var record = await pool.InvokeAsync(Job(Action("rotated", code: Actions.SimulateJs)));

        var config = await LogConfigOfOnlyContainerAsync();

        Assert.That(record.Response.StatusCode, Is.EqualTo(ActivationStatus.Success));
        Assert.That(config.Type, Is.EqualTo("json-file"));
        Assert.That(config.Config, Is.EquivalentTo(new Dictionary<string, string> { ["max-size"] = "10m", ["max-file"] = "3" }));
    }

    [Test]
    public async Task The_logdriver_log_store_has_containers_log_through_the_configured_driver()
    {
        var store = new LogDriverLogStore(Options.Create(new LogDriverOptions { Driver = "local", Options = { ["max-size"] = "5m" } }));
        await using var pool = new RealTimePool(factory, owner, NoStemCells(), store);
        var record = await pool.InvokeAsync(Job(Action("shipped", code: Actions.SimulateJs), simulate: new { logs = new[] { "to the driver" } }));

        var config = await LogConfigOfOnlyContainerAsync();

        Assert.That(record.Response.StatusCode, Is.EqualTo(ActivationStatus.Success));
        Assert.That(record.Logs, Is.Empty, "logs go to the driver, not into the record");
        Assert.That(config.Type, Is.EqualTo("local"));
        Assert.That(config.Config, Is.EquivalentTo(new Dictionary<string, string> { ["max-size"] = "5m" }));
    }

    [Test]
    public async Task Without_a_log_configuration_containers_keep_the_engines_default_driver()
    {
        using var client = DockerEnvironment.Client();
        var defaultDriver = (await client.System.GetSystemInfoAsync()).LoggingDriver;
        await using var pool = new RealTimePool(factory, owner, NoStemCells(), new OutOfBandLogStore());
        await pool.InvokeAsync(Job(Action("default", code: Actions.SimulateJs)));

        var config = await LogConfigOfOnlyContainerAsync();

        Assert.That(config.Type, Is.EqualTo(defaultDriver));
        Assert.That(config.Config, Does.Not.ContainKey("max-size"), "no rotation of ours forced on the engine's default");
    }

    [Test]
    public async Task Logs_stay_complete_while_the_engine_rotates_the_file_between_and_within_activations()
    {
        var store = new ActivationLogStore(TimeProvider.System, Options.Create(new JsonFileLogOptions { MaxSize = "2k", MaxFiles = 2 }));

        // Through the engine: by default our runtimes write the lines to a file of their own (Docker:LogTransport).
        using var engineFactory = DockerEnvironment.Factory(o => o.LogTransport = ContainerLogTransport.Engine);
        await using var pool = new RealTimePool(engineFactory, owner, NoStemCells(), store);
        var action = Action("chatty", code: Actions.SimulateJs);

        // Each round writes about 1.4 KB, so the 2 KB file rotates within most rounds, at most once each.

        for (var round = 0; round < 8; round++)
        {
            var lines = Enumerable.Range(0, 8).Select(i => $"round {round} line {i} " + new string('x', 80)).ToArray();
            var record = await pool.InvokeAsync(Job(action, simulate: new { logs = lines }));

            Assert.That(record.Logs.Select(l => l[(l.IndexOf("stdout: ", StringComparison.Ordinal) + 8)..]), Is.EqualTo(lines), $"round {round}");
        }

        var config = await LogConfigOfOnlyContainerAsync();
        Assert.That(config.Config["max-size"], Is.EqualTo("2k"));
    }

    private static ContainerPoolOptions NoStemCells() => new() { PauseGrace = TimeSpan.FromSeconds(30) };

    private async Task<global::Docker.DotNet.Models.LogConfig> LogConfigOfOnlyContainerAsync()
    {
        var container = (await DockerEnvironment.ContainersOfAsync(owner)).Single();
        using var client = DockerEnvironment.Client();
        return (await client.Containers.InspectContainerAsync(container.ID)).HostConfig.LogConfig;
    }
}
