using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenWhisk.Common.Plugins;
using OpenWhisk.Spi.Entities;
using static OpenWhisk.TestSupport.Jobs;

namespace OpenWhisk.Plugins.Docker.Tests;

/// <summary>Both transports to the runtimes' proxies (<c>Docker:Transport</c>) with both runtimes, against a real engine.</summary>
[TestFixture]
public sealed class ContainerTransportTests
{
    // Lists the TCP sockets of the container's network namespace that listen, as address:port in hex (/proc/net/tcp).
    private const string NodeListeners = """
        const fs = require('fs');
        function main() {
          const lines = ['/proc/net/tcp', '/proc/net/tcp6'].filter(f => fs.existsSync(f)).flatMap(f => fs.readFileSync(f, 'utf8').trim().split('\n').slice(1));
          let write = 'written';
          try { fs.writeFileSync('/run/openwhisk-proxy/filler', 'x'); } catch (error) { write = error.code; }
          return { listening: lines.map(l => l.trim().split(/\s+/)).filter(c => c[3] === '0A').map(c => c[1]), write };
        }
        """;

    private const string DotnetListeners = """
        using System.Text.Json.Nodes;

        public static class Listeners
        {
            public static JsonObject Main(JsonObject args)
            {
                var listening = new JsonArray();
                foreach (var name in new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists))
                {
                    foreach (var columns in File.ReadAllLines(name).Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
                    {
                        if (columns[3] == "0A")
                        {
                            listening.Add(columns[1]);
                        }
                    }
                }

                var write = "written";
                try
                {
                    File.WriteAllText("/run/openwhisk-proxy/filler", "x");
                }
                catch (UnauthorizedAccessException)
                {
                    write = "EACCES";
                }
                catch (IOException error)
                {
                    write = error.Message;
                }

                return new JsonObject { ["listening"] = listening, ["write"] = write };
            }
        }
        """;

    private const string JavaListeners = """
        import com.google.gson.JsonArray;
        import com.google.gson.JsonObject;
        import java.nio.file.Files;
        import java.nio.file.Path;

        public class Listeners {
            public static JsonObject main(JsonObject args) throws Exception {
                JsonArray listening = new JsonArray();
                for (String name : new String[] { "/proc/net/tcp", "/proc/net/tcp6" }) {
                    if (!Files.exists(Path.of(name))) {
                        continue;
                    }
                    for (String line : Files.readAllLines(Path.of(name)).subList(1, Files.readAllLines(Path.of(name)).size())) {
                        String[] columns = line.trim().split("\\s+");
                        if (columns[3].equals("0A")) {
                            listening.add(columns[1]);
                        }
                    }
                }
                JsonObject result = new JsonObject();
                result.add("listening", listening);
                result.addProperty("write", "not tried");
                return result;
            }
        }
        """;

    private const string PythonListeners = """
        import errno, os
        def main(args):
            found = []
            for name in ("/proc/net/tcp", "/proc/net/tcp6"):
                if os.path.exists(name):
                    with open(name) as f:
                        for line in f.read().strip().split("\n")[1:]:
                            columns = line.split()
                            if columns[3] == "0A":
                                found.append(columns[1])
            write = "written"
            try:
                with open("/run/openwhisk-proxy/filler", "w") as f:
                    f.write("x")
            except OSError as error:
                write = errno.errorcode.get(error.errno, str(error.errno))
            return {"listening": found, "write": write}
        """;

    private string owner = null!;

    [OneTimeSetUp]
    public void RequireDocker() => DockerEnvironment.Require();

    /// <summary>An action that lists the container's listening TCP sockets and tries to write into the socket directory.</summary>
    private static async Task<WhiskAction> ListenersAsync(string kind) => kind switch
    {
        "dotnet:10" => Action("listeners", kind: kind) with
        {
            Exec = new ActionExec { Kind = kind, Code = await DotnetActionBuilder.BuildAsync("Listeners", DotnetListeners), Binary = true, Main = "Listeners::Listeners::Main" },
        },
        "java:17" => Action("listeners", kind: kind) with
        {
            Exec = new ActionExec { Kind = kind, Code = await JavaActionBuilder.BuildAsync("Listeners.java", JavaListeners), Binary = true, Main = "Listeners" },
        },
        _ => Action("listeners", kind: kind, code: kind.StartsWith("nodejs", StringComparison.Ordinal) ? NodeListeners : PythonListeners),
    };

    [SetUp]
    public void NewOwner() => owner = "wsktest" + Guid.NewGuid().ToString("N")[..8];

    [TearDown]
    public async Task RemoveContainers()
    {
        using var factory = DockerEnvironment.Factory();
        await factory.CleanupAsync(owner, CancellationToken.None);
        Assert.That(await DockerEnvironment.ContainersOfAsync(owner), Is.Empty);
    }

    [TestCase("nodejs:20", ContainerTransport.Auto)]
    [TestCase("python:3", ContainerTransport.Auto)]
    [TestCase("nodejs:20", ContainerTransport.Unix)]
    [TestCase("python:3", ContainerTransport.Unix)]
    [TestCase("dotnet:10", ContainerTransport.Auto)]
    [TestCase("dotnet:10", ContainerTransport.Unix)]
    public async Task Over_the_socket_a_runtime_answers_warm_calls_and_listens_on_no_tcp_port_outside_its_loopback(string kind, ContainerTransport transport)
    {
        using var factory = DockerEnvironment.Factory(o => o.Transport = transport);
        await using var pool = new RealTimePool(factory, owner);
        var action = await ListenersAsync(kind);

        var first = await pool.InvokeAsync(Job(action));
        var second = await pool.InvokeAsync(Job(action));
        var container = (await DockerEnvironment.ContainersOfAsync(owner)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(first.Response.IsSuccess, Is.True, first.Error());
            Assert.That(second.Response.IsSuccess, Is.True, second.Error());
            Assert.That(container.Ports.Where(p => p.PublicPort != 0), Is.Empty, "no port is published");
            Assert.That(container.Labels, Does.ContainKey(ProxySockets.DirectoryLabel));
            var listening = first.Response.Result!.Value.GetProperty("listening").EnumerateArray().Select(e => e.GetString()!).ToList();
            Assert.That(listening.Where(l => !IsLoopback(l)), Is.Empty, "only loopback listeners: the API forwarder and Docker's DNS resolver");
            Assert.That(first.Response.Result!.Value.GetProperty("write").GetString(), Is.EqualTo("EACCES"), "the socket directory is read-only to the action");
        });
    }

    [TestCase("nodejs:20")]
    [TestCase("python:3")]
    [TestCase("dotnet:10")]
    [TestCase("java:17")]
    public async Task Over_tcp_a_runtime_publishes_port_8080_on_loopback_and_mounts_no_socket_directory(string kind)
    {
        using var factory = DockerEnvironment.Factory(o => o.Transport = ContainerTransport.Tcp);
        await using var pool = new RealTimePool(factory, owner);
        var action = await ListenersAsync(kind);

        var record = await pool.InvokeAsync(Job(action));
        var container = (await DockerEnvironment.ContainersOfAsync(owner)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(record.Response.IsSuccess, Is.True, record.Error());
            Assert.That(container.Ports.Select(p => (p.IP, p.PrivatePort)), Has.Member(("127.0.0.1", (ushort)8080)));
            Assert.That(container.Labels[ProxySockets.DirectoryLabel], Is.Empty, "an empty label: an image's own cannot name a directory");
            var listening = record.Response.Result!.Value.GetProperty("listening").EnumerateArray().Select(e => e.GetString()!).ToList();
            Assert.That(listening, Has.Some.EqualTo("00000000:1F90").Or.Some.EqualTo(new string('0', 32) + ":1F90"), "the proxy listens on 0.0.0.0:8080 (or [::]:8080, dual-stack)");
        });
    }

    [Test]
    public async Task A_destroyed_container_takes_its_socket_directory_with_it_and_the_factory_its_own()
    {
        string root;
        using (var factory = DockerEnvironment.Factory())
        {
            await using (var pool = new RealTimePool(factory, owner))
            {
                var record = await pool.InvokeAsync(Job(Action("gone")));
                Assert.That(record.Response.IsSuccess, Is.True, record.Error());
            }

            var directory = (await DockerEnvironment.ContainersOfAsync(owner)).SingleOrDefault()?.Labels[ProxySockets.DirectoryLabel];
            Assert.That(directory, Is.Null, "the pool removed its container");
            root = Directory.GetDirectories(Path.GetTempPath(), "openwhisk-proxies-*").OrderByDescending(Directory.GetCreationTimeUtc).First();
            Assert.That(Directory.GetDirectories(root), Is.Empty, "the container's directory went with it");
        }

        Assert.That(Directory.Exists(root), Is.False, "the factory's directory went with it");
    }

    [Test]
    public void Cleanup_removes_only_directories_shaped_like_a_containers_socket_directory_under_its_own_roots()
    {
        var root = Directory.CreateTempSubdirectory("openwhisk-proxies-").FullName;
        var victim = Directory.CreateTempSubdirectory("ow-victim-").FullName;
        var socketDirectory = Path.Combine(root, "0123456789ab");
        Directory.CreateDirectory(socketDirectory);
        File.WriteAllText(Path.Combine(victim, "keep"), "x");
        using var sockets = new ProxySockets(new DockerOptions { Transport = ContainerTransport.Tcp }, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        global::Docker.DotNet.Models.ContainerListResponse Labelled(string directory) =>
            new() { Labels = new Dictionary<string, string> { [ProxySockets.DirectoryLabel] = directory } };
        try
        {
            sockets.RemoveLeftover(Labelled(root + "/.."));
            sockets.RemoveLeftover(Labelled(root + "/../" + Path.GetFileName(victim)));
            sockets.RemoveLeftover(Labelled(victim));
            sockets.RemoveLeftover(Labelled(string.Empty));
            var untouched = File.Exists(Path.Combine(victim, "keep")) && Directory.Exists(socketDirectory);
            sockets.RemoveLeftover(Labelled(socketDirectory));

            Assert.Multiple(() =>
            {
                Assert.That(untouched, Is.True, "labels with '..', other names or nothing remove nothing");
                Assert.That(Directory.Exists(root), Is.False, "a container's directory and its emptied root go");
            });
        }
        finally
        {
            Directory.Delete(victim, recursive: true);
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    [TestCase("tcp://127.0.0.1:2375", "false")]
    [TestCase("unix:///var/run/docker.sock", "true")]
    public void The_unix_transport_is_refused_with_a_remote_engine_or_container_addresses(string endpoint, string useContainerIp)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Docker:Transport"] = "Unix", ["Docker:Endpoint"] = endpoint, ["Docker:UseContainerIp"] = useContainerIp,
            })
            .Build();
        var services = new ServiceCollection();
        services.AddOpenWhiskPlatform(configuration, registrar => new DockerPlugin().Register(registrar));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<DockerOptions>>().Value);

        Assert.That(error!.Message, Does.Contain("Docker:Transport"));
    }

    /// <summary>Whether a <c>/proc/net/tcp</c> local address (hex, host byte order per 32-bit word) is 127.0.0.0/8 or ::1.</summary>
    private static bool IsLoopback(string address)
    {
        var host = address[..address.IndexOf(':', StringComparison.Ordinal)];
        return host.Length == 8 ? host.EndsWith("7F", StringComparison.Ordinal) : host == "00000000000000000000000001000000";
    }
}
