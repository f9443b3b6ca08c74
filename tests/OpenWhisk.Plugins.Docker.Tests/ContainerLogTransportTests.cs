using System.Text;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;
using OpenWhisk.Invoker.Pool;
using OpenWhisk.Plugins.LogStores;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Logs;
using static OpenWhisk.TestSupport.Jobs;

namespace OpenWhisk.Plugins.Docker.Tests;

/// <summary>
/// How an action's log lines leave its container (<c>Docker:LogTransport</c>), against a real engine: by default our
/// runtimes append them to a file in the container's socket directory, which the engine never sees; with
/// <c>Engine</c>, or when something outside the platform takes the engine's log, they go through the engine.
/// </summary>
[TestFixture]
public sealed class ContainerLogTransportTests
{
    private const string NodeLogs = """
        function main(params) {
          console.log('out ' + params.n);
          console.error('err ' + params.n);
          console.log('after ' + params.n);
          return { n: params.n };
        }
        """;

    private const string PythonLogs = """
        import sys
        def main(params):
            print('out %s' % params['n'])
            print('err %s' % params['n'], file=sys.stderr)
            print('after %s' % params['n'])
            return {'n': params['n']}
        """;

    private const string DotnetLogs = """
        using System.Text.Json.Nodes;

        public static class Logs
        {
            public static JsonObject Main(JsonObject args)
            {
                var n = args["n"]!.ToString();
                Console.WriteLine("out " + n);
                Console.Error.WriteLine("err " + n);
                Console.Out.Write("after ");
                Console.Out.WriteLine(n);
                return new JsonObject { ["n"] = n };
            }
        }
        """;

    private string owner = null!;

    [OneTimeSetUp]
    public void RequireDocker() => DockerEnvironment.Require();

    [SetUp]
    public void NewOwner() => owner = "wsklogt" + Guid.NewGuid().ToString("N")[..8];

    [TearDown]
    public async Task RemoveContainers()
    {
        using var factory = DockerEnvironment.Factory();
        await factory.CleanupAsync(owner, CancellationToken.None);
        Assert.That(await DockerEnvironment.ContainersOfAsync(owner), Is.Empty);
    }

    [TestCase("nodejs:20", ContainerLogTransport.Auto, true)]
    [TestCase("python:3", ContainerLogTransport.Auto, true)]
    [TestCase("nodejs:20", ContainerLogTransport.Engine, false)]
    [TestCase("python:3", ContainerLogTransport.Engine, false)]
    [TestCase("dotnet:10", ContainerLogTransport.Auto, true)]
    [TestCase("dotnet:10", ContainerLogTransport.Engine, false)]
    public async Task Each_activation_gets_its_own_lines_through_the_file_in_order_or_through_the_engine(string kind, ContainerLogTransport transport, bool throughFile)
    {
        using var factory = DockerEnvironment.Factory(o => o.LogTransport = transport);
        await using var pool = new RealTimePool(factory, owner, NoStemCells());
        var action = kind switch
        {
            "dotnet:10" => Action("logs", kind: kind) with
            {
                Exec = new ActionExec { Kind = kind, Code = await DotnetActionBuilder.BuildAsync("Logs", DotnetLogs), Binary = true, Main = "Logs::Logs::Main" },
            },
            "python:3" => Action("logs", kind: kind, code: PythonLogs),
            _ => Action("logs", kind: kind, code: NodeLogs),
        };

        var records = new List<ActivationRecord>();
        for (var n = 1; n <= 3; n++)
        {
            records.Add(await pool.InvokeAsync(Job(action, parameters: new { n })));
        }

        var container = (await DockerEnvironment.ContainersOfAsync(owner)).Single();
        var engineLog = await EngineLogAsync(container.ID);
        var environment = await EnvironmentOfAsync(container.ID);

        Assert.Multiple(() =>
        {
            for (var n = 1; n <= 3; n++)
            {
                var record = records[n - 1];
                Assert.That(record.Response.StatusCode, Is.EqualTo(ActivationStatus.Success));
                var expected = new[] { $"stdout: out {n}", $"stderr: err {n}", $"stdout: after {n}" };

                // One file keeps the order across the streams; the engine reads two pipes, so only each stream's order holds.
                Assert.That(
                    record.Logs.Select(Message),
                    throughFile ? Is.EqualTo(expected) : Is.EquivalentTo(expected),
                    $"activation {n}");
                Assert.That(record.Logs.Select(Message).Where(l => l.StartsWith("stdout", StringComparison.Ordinal)), Is.EqualTo(new[] { expected[0], expected[2] }));
            }

            Assert.That(environment.Any(e => e.StartsWith("__OW_LOG_FILE=", StringComparison.Ordinal)), Is.EqualTo(throughFile));
            Assert.That(engineLog.Contains("out 2", StringComparison.Ordinal), Is.EqualTo(!throughFile), "the engine carried the lines only without the file");
        });
    }

    [Test]
    public async Task Lines_an_outside_log_pipeline_takes_from_the_engine_stay_in_the_engine()
    {
        using var factory = DockerEnvironment.Factory();
        await using var pool = new RealTimePool(factory, owner, NoStemCells(), new OutOfBandLogStore());
        var record = await pool.InvokeAsync(Job(Action("outside", code: NodeLogs), parameters: new { n = 7 }));

        var container = (await DockerEnvironment.ContainersOfAsync(owner)).Single();

        Assert.That(record.Response.StatusCode, Is.EqualTo(ActivationStatus.Success));
        Assert.That(await EnvironmentOfAsync(container.ID), Has.None.StartsWith("__OW_LOG_FILE="));
        Assert.That(await EngineLogAsync(container.ID), Does.Contain("out 7"));
    }

    [Test]
    public async Task Lines_for_a_configured_log_driver_stay_in_the_engine()
    {
        var store = new LogDriverLogStore(Options.Create(new LogDriverOptions { Driver = "json-file" }));
        using var factory = DockerEnvironment.Factory();
        await using var pool = new RealTimePool(factory, owner, NoStemCells(), store);
        await pool.InvokeAsync(Job(Action("driver", code: NodeLogs), parameters: new { n = 8 }));

        var container = (await DockerEnvironment.ContainersOfAsync(owner)).Single();

        Assert.That(await EnvironmentOfAsync(container.ID), Has.None.StartsWith("__OW_LOG_FILE="), "the driver's pipeline expects the lines");
        Assert.That(await EngineLogAsync(container.ID), Does.Contain("out 8"));
    }

    [Test]
    public async Task A_pool_with_a_collecting_store_that_asks_for_no_driver_uses_the_file()
    {
        using var factory = DockerEnvironment.Factory();
        await using var pool = new RealTimePool(factory, owner, NoStemCells(), new CollectingWithoutDriver(new ActivationLogStore(TimeProvider.System)));
        var record = await pool.InvokeAsync(Job(Action("nodriver", code: NodeLogs), parameters: new { n = 9 }));

        var container = (await DockerEnvironment.ContainersOfAsync(owner)).Single();

        Assert.That(record.Logs.Select(Message), Is.EqualTo(new[] { "stdout: out 9", "stderr: err 9", "stdout: after 9" }));
        Assert.That(await EnvironmentOfAsync(container.ID), Has.One.StartsWith("__OW_LOG_FILE="));
    }

    // A record's line is "<time, padded to 30 characters> <stream>: <text>".
    [Test]
    public async Task A_run_that_logs_past_the_files_bound_loses_lines_to_a_notice_and_the_file_stays_bounded()
    {
        const string Flood = """
            function main() {
              const line = 'f'.repeat(16 * 1024);
              for (let i = 0; i < 2600; i++) { console.log(line); }
              return new Promise(resolve => setTimeout(() => { console.log('last'); resolve({ done: true }); }, 1000));
            }
            """;
        using var factory = DockerEnvironment.Factory();
        await using var pool = new RealTimePool(factory, owner, NoStemCells());
        var record = await pool.InvokeAsync(Job(Action("flood", code: Flood)));

        var container = (await DockerEnvironment.ContainersOfAsync(owner)).Single();
        var logFile = Path.Combine(container.Labels[ProxySockets.DirectoryLabel], ProxySockets.LogFileName);

        Assert.Multiple(() =>
        {
            Assert.That(record.Response.StatusCode, Is.EqualTo(ActivationStatus.Success));
            Assert.That(record.Logs, Has.Some.EndsWith(ProxyLogFileSpace.DroppedNotice), "a notice stands for the lines lost");
            Assert.That(record.Logs, Has.Count.LessThan(2600), "the lines written before the file was emptied are gone");
            Assert.That(new FileInfo(logFile).Length, Is.LessThanOrEqualTo(ProxyLogFileSpace.MaxUnreadBytes), "the file never holds more than its bound for long");
        });
    }

    private static string Message(string line) => line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..].TrimStart();

    private static ContainerPoolOptions NoStemCells() => new() { PauseGrace = TimeSpan.FromSeconds(30) };

    private static async Task<IList<string>> EnvironmentOfAsync(string id)
    {
        using var client = DockerEnvironment.Client();
        return (await client.Containers.InspectContainerAsync(id)).Config.Env;
    }

    private static async Task<string> EngineLogAsync(string id)
    {
        using var client = DockerEnvironment.Client();
        using var stream = await client.Containers.GetContainerLogsAsync(id, tty: false, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true });
        var (stdout, stderr) = await stream.ReadOutputToEndAsync(CancellationToken.None);
        return new StringBuilder(stdout).Append(stderr).ToString();
    }

    /// <summary>A collecting store that leaves the driver to the engine's default.</summary>
    private sealed class CollectingWithoutDriver(ILogStore inner) : ILogStore
    {
        public bool CollectsLogs => inner.CollectsLogs;

        public Task<LogCollectionResult> CollectAsync(LogCollectionContext context, CancellationToken cancellationToken) =>
            inner.CollectAsync(context, cancellationToken);

        public Task<IReadOnlyList<string>> FetchAsync(ActivationRecord activation, CancellationToken cancellationToken) =>
            inner.FetchAsync(activation, cancellationToken);
    }
}
