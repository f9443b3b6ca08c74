using System.Text.Json;
using OpenWhisk.Invoker.Pool;
using static OpenWhisk.TestSupport.Jobs;

namespace OpenWhisk.Plugins.Docker.Tests;

/// <summary>
/// Action containers on a real engine are isolated from each other, from the host, from a (fake) cloud metadata
/// service and from their own root filesystem, and hold no capabilities, while the actions themselves run as usual.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ContainerIsolationTests
{
    private const string Probe = """
        const fs = require('fs'), net = require('net');
        function reach(host, port) {
          return new Promise(resolve => {
            const s = net.connect({ host, port, timeout: 2000 });
            s.on('connect', () => { s.destroy(); resolve('connected'); });
            s.on('timeout', () => { s.destroy(); resolve('timeout'); });
            s.on('error', e => resolve(e.code));
          });
        }
        function tryWrite(file) { try { fs.writeFileSync(file, 'x'); return 'written'; } catch (e) { return e.code; } }
        async function main(args) {
          const caps = fs.readFileSync('/proc/self/status', 'utf8').split('\n').find(l => l.startsWith('CapEff:')).split(/\s+/)[1];
          return {
            tmp: tryWrite('/tmp/probe'), root: tryWrite('/probe'), caps,
            peer: await reach(args.peer, 8080), host: await reach(args.gateway, args.hostPort), metadata: await reach(args.metadata, 80),
          };
        }
        """;

    private string owner = null!;
    private FakeMetadataService metadata = null!;
    private System.Net.Sockets.TcpListener hostService = null!;

    [OneTimeSetUp]
    public async Task StartServicesTheActionsMustNotReach()
    {
        DockerEnvironment.Require();
        metadata = await FakeMetadataService.StartAsync();

        // A service of the host on every address, as a database or an agent would listen.
        hostService = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Any, 0);
        hostService.Start();
        _ = AcceptForeverAsync(hostService);
    }

    [OneTimeTearDown]
    public async Task StopServices()
    {
        hostService?.Stop();
        hostService?.Dispose();
        if (metadata is not null)
        {
            await metadata.DisposeAsync();
        }
    }

    [SetUp]
    public void NewOwner() => owner = "wsktest" + Guid.NewGuid().ToString("N")[..8];

    [TearDown]
    public async Task RemoveContainers()
    {
        using var factory = DockerEnvironment.Factory();
        await factory.CleanupAsync(owner, CancellationToken.None);
    }

    [Test]
    public async Task An_action_writes_only_to_tmp_holds_no_capabilities_and_reaches_neither_another_container_nor_the_host_nor_metadata()
    {
        var (probe, peer) = await ProbeAsync(network: null);

        Assert.Multiple(() =>
        {
            Assert.That(probe.GetProperty("tmp").GetString(), Is.EqualTo("written"));
            Assert.That(probe.GetProperty("root").GetString(), Is.EqualTo("EROFS"), "the root filesystem is read-only");
            Assert.That(probe.GetProperty("caps").GetString(), Is.EqualTo("0000000000000000"), "no capabilities");
            Assert.That(probe.GetProperty("peer").GetString(), Is.Not.EqualTo("connected"), $"the other container ({peer}) is out of reach");
            Assert.That(probe.GetProperty("host").GetString(), Is.EqualTo("ECONNREFUSED"), "the host's service is refused");
            Assert.That(probe.GetProperty("metadata").GetString(), Is.EqualTo("ECONNREFUSED"), "the metadata address is refused");
        });
    }

    [Test]
    public async Task On_dockers_default_bridge_the_same_probe_reaches_the_other_container_the_host_and_metadata_so_the_isolation_test_can_fail()
    {
        var (probe, _) = await ProbeAsync(network: "bridge");

        Assert.Multiple(() =>
        {
            Assert.That(probe.GetProperty("peer").GetString(), Is.EqualTo("connected"));
            Assert.That(probe.GetProperty("host").GetString(), Is.EqualTo("connected"));
            Assert.That(probe.GetProperty("metadata").GetString(), Is.EqualTo("connected"));
        });
    }

    [Test]
    public async Task A_node_tar_gz_action_whose_files_belong_to_another_user_unpacks_without_capabilities()
    {
        using var factory = DockerEnvironment.Factory();
        await using var pool = new RealTimePool(factory, owner);
        var code = TarGzBase64(("index.js", "exports.main = () => ({ unpacked: true });"), ("package.json", "{\"main\": \"index.js\"}"));
        var action = Action("tarred") with { Exec = new() { Kind = "nodejs:20", Code = code, Binary = true } };

        var record = await pool.InvokeAsync(Job(action));

        Assert.Multiple(() =>
        {
            Assert.That(record.Response.IsSuccess, Is.True, record.Error());
            Assert.That(record.Response.Result!.Value.GetProperty("unpacked").GetBoolean(), Is.True);
        });
    }

    /// <summary>A tar.gz archive of the files, each owned by user and group 1234 (not the container's user).</summary>
    private static string TarGzBase64(params (string Name, string Text)[] files)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new System.Formats.Tar.TarWriter(gzip, System.Formats.Tar.TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var (name, text) in files)
            {
                var entry = new System.Formats.Tar.UstarTarEntry(System.Formats.Tar.TarEntryType.RegularFile, name)
                {
                    Uid = 1234,
                    Gid = 1234,
                    Mode = System.IO.UnixFileMode.UserRead | System.IO.UnixFileMode.UserWrite | System.IO.UnixFileMode.GroupRead | System.IO.UnixFileMode.OtherRead,
                    DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)),
                };
                tar.WriteEntry(entry);
            }
        }

        return Convert.ToBase64String(buffer.ToArray());
    }

    /// <summary>Starts a container of another action, then runs the probe with its address on the network.</summary>
    private async Task<(JsonElement Probe, string Peer)> ProbeAsync(string? network)
    {
        // Over TCP, so that the other container listens on a port of its network and only the network keeps it apart.
        using var factory = DockerEnvironment.Factory(o =>
        {
            o.Transport = ContainerTransport.Tcp;
            if (network is not null)
            {
                o.Network = network;
            }
        });
        await using var pool = new RealTimePool(factory, owner, new ContainerPoolOptions { UserMemoryMb = 1024, PauseGrace = TimeSpan.FromMinutes(5) });
        var target = await pool.InvokeAsync(Job(Action("target", code: "function main() { return {}; }")));
        Assert.That(target.Response.IsSuccess, Is.True, target.Error());
        using var client = DockerEnvironment.Client();
        var targetContainer = (await DockerEnvironment.ContainersOfAsync(owner)).Single(c => c.Names.Any(n => n.EndsWith("_target", StringComparison.Ordinal)));
        var inspect = await client.Containers.InspectContainerAsync(targetContainer.ID);
        var peer = inspect.NetworkSettings.Networks.Values.Single().IPAddress;
        var gateway = inspect.NetworkSettings.Networks.Values.Single().Gateway;
        var hostPort = ((System.Net.IPEndPoint)hostService.LocalEndpoint).Port;

        var record = await pool.InvokeAsync(Job(Action("probe", code: Probe), parameters: new { peer, gateway, hostPort, metadata = FakeMetadataService.Address }));
        Assert.That(record.Response.IsSuccess, Is.True, record.Error());
        return (record.Response.Result!.Value, peer);
    }

    private static async Task AcceptForeverAsync(System.Net.Sockets.TcpListener listener)
    {
        try
        {
            while (true)
            {
                using var accepted = await listener.AcceptTcpClientAsync();
            }
        }
        catch (Exception exception) when (exception is System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }
}
