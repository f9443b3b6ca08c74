using System.Text;
using System.Text.Json;
using OpenWhisk.Spi.Containers;

namespace OpenWhisk.Plugins.Swarm.Tests;

/// <summary>Action services cannot reach each other: they join a bridge network with traffic between containers disabled.</summary>
[TestFixture]
[NonParallelizable]
public sealed class SwarmIsolationTests : SwarmFactoryFixture
{
    private const string Probe = """
        const net = require('net');
        function main(args) {
          return new Promise(resolve => {
            const socket = net.connect(8080, args.peer);
            const done = outcome => { socket.destroy(); resolve({ peer: outcome }); };
            socket.on('connect', () => done('connected'));
            socket.on('error', error => done(error.code));
            setTimeout(() => done('timeout'), 3000);
          });
        }
        """;

    private static readonly ContainerCallOptions Call = new() { Timeout = TimeSpan.FromSeconds(30), MaxResponseBytes = 1024 * 1024, TruncationBytes = 1024 };

    [TestCase(true, "timeout")]
    [TestCase(false, "connected")]
    public async Task An_action_reaches_another_actions_container_only_when_the_isolated_network_is_turned_off(bool isolate, string expected)
    {
        var owner = "wskiso" + Guid.NewGuid().ToString("N")[..6];
        await using var factory = SwarmCluster.Factory(o => o.IsolateActions = isolate);
        var target = await factory.CreateContainerAsync(Request(owner, "target"), CancellationToken.None);
        var probe = await factory.CreateContainerAsync(Request(owner, "probe"), CancellationToken.None);
        try
        {
            var peer = await AddressOnItsNetworkAsync(owner, "target");
            var init = await probe.InitializeAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { value = new { name = "probe", main = "main", code = Probe, binary = false } })), Call, CancellationToken.None);
            var run = await probe.RunAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { value = new { peer } })), Call, CancellationToken.None);
            var spec = (await SwarmCluster.ServicesOfAsync(owner)).First().Spec.TaskTemplate;

            Assert.Multiple(() =>
            {
                Assert.That(init.StatusCode, Is.EqualTo(200), init.Body);
                Assert.That(JsonDocument.Parse(run.Body!).RootElement.GetProperty("peer").GetString(), Is.EqualTo(expected), $"the probe's view of {peer}:8080");
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

    /// <summary>The address of <paramref name="name"/>'s container on its (only) network.</summary>
    private static async Task<string> AddressOnItsNetworkAsync(string owner, string name)
    {
        using var client = SwarmCluster.Client();
        var containers = await client.Containers.ListContainersAsync(new global::Docker.DotNet.Models.ContainersListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { ["net.openwhisk.owner=" + owner] = true } },
        });
        var container = containers.Single(c => c.Names.Any(n => n.Contains(name, StringComparison.Ordinal)));
        return container.NetworkSettings.Networks.Values.Single().IPAddress;
    }
}
