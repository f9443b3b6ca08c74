using OpenWhisk.Invoker.Pool;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Containers;
using static OpenWhisk.TestSupport.Jobs;

namespace OpenWhisk.Plugins.Docker.Tests;

/// <summary>The Docker container factory against a real engine and the locally built runtime images.</summary>
[TestFixture]
public sealed class DockerContainerFactoryTests
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
    public void NewOwner() => owner = "wsktest" + Guid.NewGuid().ToString("N")[..8];

    [TearDown]
    public async Task RemoveContainers()
    {
        await factory.CleanupAsync(owner, CancellationToken.None);
        Assert.That(await DockerEnvironment.ContainersOfAsync(owner), Is.Empty, "no container of this test is left behind");
    }

    [Test]
    public async Task Creates_hardened_containers_with_the_action_memory_reached_over_a_socket_of_their_own_without_a_published_port()
    {
        var container = await factory.CreateContainerAsync(Request("hardened", memoryMb: 256, cpuShares: 128), CancellationToken.None);
        using var client = DockerEnvironment.Client();
        var inspect = await client.Containers.InspectContainerAsync(container.Id);

        Assert.Multiple(() =>
        {
            Assert.That(inspect.HostConfig.Memory, Is.EqualTo(256L * 1024 * 1024));
            Assert.That(inspect.HostConfig.MemorySwap, Is.EqualTo(256L * 1024 * 1024), "no swap beyond the memory limit");
            Assert.That(inspect.HostConfig.CPUShares, Is.EqualTo(128));
            Assert.That(inspect.HostConfig.PidsLimit, Is.EqualTo(1024));
            Assert.That(inspect.HostConfig.CapDrop, Is.EqualTo(new[] { "ALL" }));
            Assert.That(inspect.HostConfig.ReadonlyRootfs, Is.True);
            Assert.That(inspect.HostConfig.Tmpfs["/tmp"], Does.Contain("size=256m"));
            Assert.That(inspect.HostConfig.NetworkMode, Is.EqualTo("openwhisk-actions"));
            Assert.That(inspect.HostConfig.SecurityOpt, Does.Contain("no-new-privileges"));
            Assert.That(inspect.HostConfig.Privileged, Is.False);
            Assert.That(inspect.HostConfig.Ulimits.Single(u => u.Name == "nofile").Hard, Is.EqualTo(1024));
            Assert.That(inspect.Config.Labels["net.openwhisk.owner"], Is.EqualTo(owner));
            Assert.That(DateTimeOffset.Parse(inspect.Config.Labels["net.openwhisk.created"], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(2)), "labelled with its creation time");
            Assert.That(inspect.Config.Env, Does.Contain("__OW_API_HOST=http://127.0.0.1:3233"));
            Assert.That(inspect.Config.Env, Does.Contain("__OW_API_SOCKET=/run/openwhisk/api.sock"), "a loopback API is relayed through a socket");
            Assert.That(inspect.HostConfig.Binds, Has.Count.EqualTo(2).And.One.EndsWith(":/run/openwhisk:ro"));
            Assert.That(inspect.HostConfig.Binds, Has.One.EqualTo(Path.GetDirectoryName(container.Address.SocketPath) + ":/run/openwhisk-proxy"));
            Assert.That(inspect.Config.Env, Does.Contain("__OW_PROXY_SOCKET=/run/openwhisk-proxy/proxy.sock"));
            Assert.That(inspect.HostConfig.PortBindings, Is.Null.Or.Empty, "no port is published");
            Assert.That(inspect.Name, Is.EqualTo("/" + owner + "_1_guest_hardened"));
        });
    }

    [TestCase("nodejs:20")]
    [TestCase("python:3")]
    public async Task An_action_reaches_a_loopback_api_host_through_the_relayed_socket(string kind)
    {
        using var api = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        api.Start();
        var port = ((System.Net.IPEndPoint)api.LocalEndpoint).Port;
        var answering = AnswerOnceAsync(api);
        using var relayed = DockerEnvironment.Factory(o => o.ApiHost = $"http://127.0.0.1:{port}");
        await using var pool = new RealTimePool(relayed, owner);
        var code = kind.StartsWith("nodejs", StringComparison.Ordinal)
            ? "const http = require('http'); function main() { return new Promise((resolve, reject) => http.get(process.env.__OW_API_HOST + '/ping', r => { let b = ''; r.on('data', d => b += d); r.on('end', () => resolve({ body: b })); }).on('error', reject)); }"
            : "import os, urllib.request\ndef main(args):\n    with urllib.request.urlopen(os.environ['__OW_API_HOST'] + '/ping') as r:\n        return {'body': r.read().decode()}\n";

        var record = await pool.InvokeAsync(Job(Action("caller", kind: kind, code: code)));
        var request = await answering.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(record.Response.IsSuccess, Is.True, record.Error());
            Assert.That(record.Response.Result!.Value.GetProperty("body").GetString(), Is.EqualTo("pong"));
            Assert.That(request, Does.StartWith("GET /ping HTTP/1.1"));
        });
    }

    /// <summary>Answers one HTTP request on the listener with <c>pong</c> and returns the request's first line.</summary>
    private static async Task<string> AnswerOnceAsync(System.Net.Sockets.TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, leaveOpen: true);
        var first = await reader.ReadLineAsync() ?? string.Empty;
        while (!string.IsNullOrEmpty(await reader.ReadLineAsync()))
        {
        }

        var response = System.Text.Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 4\r\nConnection: close\r\n\r\npong");
        await stream.WriteAsync(response);
        return first;
    }

    [Test]
    public async Task Runs_a_python_action_with_the_openwhisk_environment()
    {
        await using var pool = new RealTimePool(factory, owner);

        var record = await pool.InvokeAsync(Job(Action("py", kind: "python:3", code: Actions.PythonHello), parameters: new { name = "python" }));

        Assert.Multiple(() =>
        {
            Assert.That(record.Response.IsSuccess, Is.True, record.Error());
            Assert.That(record.Response.Result!.Value.GetProperty("greeting").GetString(), Is.EqualTo("hello python"));
            Assert.That(record.Response.Result!.Value.GetProperty("namespace").GetString(), Is.EqualTo("guest"));
            Assert.That(record.Logs.Single(), Does.EndWith("stdout: python says python"));
        });
    }

    [TestCase(DockerLogSource.Auto)]
    [TestCase(DockerLogSource.Api)]
    public async Task Gives_each_back_to_back_activation_its_own_stdout_and_stderr_lines_while_the_next_one_already_runs(DockerLogSource source)
    {
        // One container fits: the activations run one after another in it, each starting as soon as the previous
        // one answered, while the previous one's logs are still being read from the container's log.
        using var sourced = DockerEnvironment.Factory(o => o.LogSource = source);
        await using var pool = new RealTimePool(sourced, owner, new ContainerPoolOptions { UserMemoryMb = 256, PauseGrace = TimeSpan.FromSeconds(30) });
        var action = Action("chatty", code: """
            function main(p) {
              for (let i = 1; i <= 3; i++) { console.log('out ' + i + ' ' + p.tag); console.error('err ' + i + ' ' + p.tag); }
              return { tag: p.tag };
            }
            """);
        var jobs = Enumerable.Range(1, 8).Select(i => Job(action, parameters: new { tag = "t" + i })).ToList();

        jobs.ForEach(pool.Pool.Run);
        var records = await Task.WhenAll(jobs.Select(j => pool.Reporter.RecordOf(j.Message.ActivationId).WaitAsync(TimeSpan.FromSeconds(90))));

        Assert.Multiple(() =>
        {
            for (var i = 0; i < records.Length; i++)
            {
                var tag = "t" + (i + 1);
                var logs = records[i].Logs;
                Assert.That(logs.Where(l => l.Contains(" stdout: ", StringComparison.Ordinal)).Select(l => l[(l.IndexOf(" stdout: ", StringComparison.Ordinal) + 9)..]),
                    Is.EqualTo(new[] { "out 1 " + tag, "out 2 " + tag, "out 3 " + tag }), "stdout of " + tag);
                Assert.That(logs.Where(l => l.Contains(" stderr: ", StringComparison.Ordinal)).Select(l => l[(l.IndexOf(" stderr: ", StringComparison.Ordinal) + 9)..]),
                    Is.EqualTo(new[] { "err 1 " + tag, "err 2 " + tag, "err 3 " + tag }), "stderr of " + tag);
            }

            Assert.That(pool.Pool.Counters.ColdStarts, Is.EqualTo(1), "every activation ran in the one container");
        });
    }

    [TestCase(DockerLogSource.Auto)]
    [TestCase(DockerLogSource.Api)]
    public async Task Joins_a_log_line_the_engine_split_and_keeps_escaped_text(DockerLogSource source)
    {
        using var sourced = DockerEnvironment.Factory(o => o.LogSource = source);
        await using var pool = new RealTimePool(sourced, owner);
        var action = Action("long-line", code: """
            function main() { console.log('say "hi" \u00e9'); console.log('x'.repeat(40000)); return {}; }
            """);

        var record = await pool.InvokeAsync(Job(action));

        Assert.Multiple(() =>
        {
            Assert.That(record.Logs, Has.Count.EqualTo(2));
            Assert.That(record.Logs[0], Does.EndWith("stdout: say \"hi\" \u00e9"));
            Assert.That(record.Logs[1], Does.EndWith("stdout: " + new string('x', 40000)));
        });
    }

    [Test]
    public async Task A_sys_exit_in_python_is_a_developer_error_and_the_next_activation_gets_a_fresh_container()
    {
        await using var pool = new RealTimePool(factory, owner);
        var action = Action("py-exit", kind: "python:3", code: Actions.PythonHello);

        var exited = await pool.InvokeAsync(Job(action, parameters: new { name = "x", exit = true }));
        var next = await pool.InvokeAsync(Job(action, parameters: new { name = "y" }));

        Assert.Multiple(() =>
        {
            Assert.That(exited.Response.StatusCode, Is.EqualTo(ActivationStatus.DeveloperError));
            Assert.That(exited.Error(), Is.EqualTo("The action did not produce a valid response and exited unexpectedly."));
            Assert.That(next.Response.IsSuccess, Is.True, next.Error());
            Assert.That(pool.Pool.Counters.ColdStarts, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Runs_a_zipped_nodejs_action_from_the_main_named_in_package_json()
    {
        await using var pool = new RealTimePool(factory, owner);
        var action = Action("zipped", code: Actions.NodeZipBase64()) with { Exec = new() { Kind = "nodejs:20", Code = Actions.NodeZipBase64(), Binary = true } };

        var record = await pool.InvokeAsync(Job(action, parameters: new { word = "zip" }));

        Assert.That(record.Response.Result?.GetProperty("shout").GetString(), Is.EqualTo("ZIP!"), record.Error());
    }

    [Test]
    public async Task Runs_a_zipped_python_action_from_its_main_module()
    {
        await using var pool = new RealTimePool(factory, owner);
        var action = Action("pyzip", kind: "python:3") with { Exec = new() { Kind = "python:3", Code = Actions.PythonZipBase64(), Binary = true } };

        var record = await pool.InvokeAsync(Job(action, parameters: new { n = 21 }));

        Assert.That(record.Response.Result?.GetProperty("double").GetInt32(), Is.EqualTo(42), record.Error());
    }

    [Test]
    public async Task Runs_a_blackbox_action_in_any_local_image_that_speaks_the_protocol()
    {
        await using var pool = new RealTimePool(factory, owner);
        var action = Action("box", kind: "blackbox", image: DockerEnvironment.NodeImage, code: "function main(p) { return { box: true, p }; }");

        var record = await pool.InvokeAsync(Job(action, parameters: new { x = 1 }));

        Assert.That(record.Response.Result?.GetProperty("box").GetBoolean(), Is.True, record.Error());
    }

    [Test]
    public async Task A_missing_blackbox_image_is_a_developer_error()
    {
        using var noPull = DockerEnvironment.Factory(o => o.PullPolicy = ImagePullPolicy.Never);
        await using var pool = new RealTimePool(noPull, owner);

        var record = await pool.InvokeAsync(Job(Action("ghostbox", kind: "blackbox", image: "openwhisknet/does-not-exist:1")));

        Assert.Multiple(() =>
        {
            Assert.That(record.Response.StatusCode, Is.EqualTo(ActivationStatus.DeveloperError));
            Assert.That(record.Error(), Is.EqualTo("Failed to pull container image 'openwhisknet/does-not-exist:1'."));
        });
    }

    [Test]
    public async Task A_missing_runtime_image_is_a_whisk_error()
    {
        await using var pool = new RealTimePool(factory, owner);

        var record = await pool.InvokeAsync(Job(Action("ghost", kind: "ghost:1")));

        Assert.Multiple(() =>
        {
            Assert.That(record.Response.StatusCode, Is.EqualTo(ActivationStatus.WhiskError));
            Assert.That(record.Error(), Is.EqualTo("Failed to provision resources to run the action."));
        });
    }

    [Test]
    public async Task Cleanup_removes_the_leftovers_of_its_owner_and_leaves_other_containers_alone()
    {
        var other = "wsktest" + Guid.NewGuid().ToString("N")[..8];
        await factory.CreateContainerAsync(Request("mine1"), CancellationToken.None);
        var mine = await factory.CreateContainerAsync(Request("mine2"), CancellationToken.None);
        await mine.SuspendAsync(CancellationToken.None);
        await factory.CreateContainerAsync(Request("theirs") with { Owner = other, Name = other + "_1_theirs" }, CancellationToken.None);

        var removed = await factory.CleanupAsync(owner, CancellationToken.None);
        var mineLeft = await DockerEnvironment.ContainersOfAsync(owner);
        var theirsLeft = await DockerEnvironment.ContainersOfAsync(other);
        await factory.CleanupAsync(other, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(removed, Is.EqualTo(2), "a paused leftover is removed too");
            Assert.That(mineLeft, Is.Empty);
            Assert.That(theirsLeft, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Initialization_waits_for_the_proxy_to_listen_and_reports_a_bad_action_as_a_developer_error()
    {
        await using var pool = new RealTimePool(factory, owner);

        var record = await pool.InvokeAsync(Job(Action("broken-code", code: "function main( {")));

        Assert.Multiple(() =>
        {
            Assert.That(record.Response.StatusCode, Is.EqualTo(ActivationStatus.DeveloperError));
            Assert.That(record.Error(), Does.StartWith("Initialization has failed due to: SyntaxError"));
        });
    }

    private ContainerRequest Request(string name, int memoryMb = 128, int cpuShares = 64) => new()
    {
        Name = $"{owner}_1_guest_{name}",
        Owner = owner,
        Image = DockerEnvironment.NodeImage,
        MemoryMb = memoryMb,
        CpuShares = cpuShares,
    };
}
