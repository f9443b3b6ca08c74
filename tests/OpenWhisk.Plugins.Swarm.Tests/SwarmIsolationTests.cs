using System.Text;
using System.Text.Json;
using OpenWhisk.Spi.Containers;

namespace OpenWhisk.Plugins.Swarm.Tests;

/// <summary>
/// Action services cannot reach each other: they join a bridge network with traffic between containers disabled, and
/// the node's firewall refuses them the node itself, where the others' ports are published.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class SwarmIsolationTests : SwarmFactoryFixture
{
    private const string Probe = """
        const net = require('net');
        function reach(host, port) {
          return new Promise(resolve => {
            const socket = net.connect(port, host);
            const done = outcome => { socket.destroy(); resolve(outcome); };
            socket.on('connect', () => done('connected'));
            socket.on('error', error => done(error.code));
            setTimeout(() => done('timeout'), 3000);
          });
        }
        async function main(args) {
          return { peer: await reach(args.peer, 8080), published: await reach(args.node, args.port) };
        }
        """;

    private static readonly ContainerCallOptions Call = new() { Timeout = TimeSpan.FromSeconds(30), MaxResponseBytes = 1024 * 1024, TruncationBytes = 1024 };

    [TestCase(true, "timeout", "ECONNREFUSED")]
    [TestCase(false, "connected", "connected")]
    public async Task An_action_reaches_another_actions_container_or_the_port_it_publishes_only_when_the_isolated_network_is_turned_off(bool isolate, string expectedPeer, string expectedPublished)
    {
        var owner = "wskiso" + Guid.NewGuid().ToString("N")[..6];
        await using var factory = SwarmCluster.Factory(o => o.IsolateActions = isolate);
        var target = await factory.CreateContainerAsync(Request(owner, "target"), CancellationToken.None);
        var probe = await factory.CreateContainerAsync(Request(owner, "probe"), CancellationToken.None);
        try
        {
            var (peer, _, port) = await AddressOnItsNetworkAsync(owner, "target");
            var (_, node, _) = await AddressOnItsNetworkAsync(owner, "probe");
            var init = await probe.InitializeAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { value = new { name = "probe", main = "main", code = Probe, binary = false } })), Call, CancellationToken.None);
            var run = await probe.RunAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { value = new { peer, node, port } })), Call, CancellationToken.None);
            var result = JsonDocument.Parse(run.Body!).RootElement;
            var spec = (await SwarmCluster.ServicesOfAsync(owner)).First().Spec.TaskTemplate;

            Assert.Multiple(() =>
            {
                Assert.That(init.StatusCode, Is.EqualTo(200), init.Body);
                Assert.That(result.GetProperty("peer").GetString(), Is.EqualTo(expectedPeer), $"the probe's view of {peer}:8080");
                Assert.That(result.GetProperty("published").GetString(), Is.EqualTo(expectedPublished), $"the probe's view of the node's {node}:{port}");
                Assert.That(spec.Networks?.Select(n => n.Target).ToList() ?? [], isolate ? Has.Count.EqualTo(1) : Is.Empty);
            });
        }
        finally
        {
            await target.DestroyAsync(CancellationToken.None);
            await probe.DestroyAsync(CancellationToken.None);
        }
    }

    private static ContainerRequest Request(string owner, string name) =>
        new() { Name = $"{owner}_1_guest_{name}", Owner = owner, Kind = "nodejs:20", Image = SwarmCluster.NodeImage, MemoryMb = 128 };

    /// <summary>The address of <paramref name="name"/>'s container on its (only) network, that network's gateway (the node), and the port it publishes there.</summary>
    private static async Task<(string Address, string Gateway, int Port)> AddressOnItsNetworkAsync(string owner, string name)
    {
        using var client = SwarmCluster.Client();
        var containers = await client.Containers.ListContainersAsync(new global::Docker.DotNet.Models.ContainersListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { ["net.openwhisk.owner=" + owner] = true } },
        });
        var container = containers.Single(c => c.Names.Any(n => n.Contains(name, StringComparison.Ordinal)));
        var network = container.NetworkSettings.Networks.Values.Single();
        return (network.IPAddress, network.Gateway, container.Ports.First(p => p.PublicPort > 0).PublicPort);
    }
}
