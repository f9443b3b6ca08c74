using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace OpenWhisk.Bench.ContainerBench;

/// <summary>
/// The baseline: the bare Engine API sequence (create, start, inspect for the port) and plain HTTP to the proxy
/// (/init retried until it listens, then /run), with nothing of the platform in between. A cold start's baseline
/// joins the network the platform's containers join (its isolated network costs the engine about 170 ms per start
/// on this machine, against Docker's default bridge), so that the comparison measures the platform, not the network.
/// </summary>
internal sealed class BareEngine(DockerClient client, string image) : IDisposable
{
    private readonly HttpClient http = new(new SocketsHttpHandler
    {
        UseProxy = false,
        ConnectCallback = async (context, token) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(context.DnsEndPoint, token);
            return new NetworkStream(socket, ownsSocket: true);
        },
    });

    public async Task<(string Id, Uri Address)> StartAsync(string name, string? network = null)
    {
        var created = await client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = name,
            Image = image,
            ExposedPorts = new Dictionary<string, EmptyStruct> { ["8080/tcp"] = default },
            Labels = new Dictionary<string, string> { ["net.openwhisk.owner"] = "wskbench", ["net.openwhisk.managed"] = "true" },
            HostConfig = new HostConfig
            {
                Memory = 256L * 1024 * 1024,
                NetworkMode = network,
                PortBindings = new Dictionary<string, IList<PortBinding>> { ["8080/tcp"] = [new PortBinding { HostIP = "127.0.0.1", HostPort = string.Empty }] },
            },
        });
        await client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
        var inspect = await client.Containers.InspectContainerAsync(created.ID);
        var port = int.Parse(inspect.NetworkSettings.Ports["8080/tcp"][0].HostPort, CultureInfo.InvariantCulture);
        return (created.ID, new Uri($"http://127.0.0.1:{port}"));
    }

    public async Task<string> InitAsync(Uri address, string initBody)
    {
        while (true)
        {
            try
            {
                return await PostAsync(address, "/init", initBody);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(20);
            }
        }
    }

    public async Task<string> PostAsync(Uri address, string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(address, path), content);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Removes a container of an earlier run that stopped before removing it (none is fine).</summary>
    public async Task RemoveLeftoverAsync(string name)
    {
        try
        {
            await client.Containers.RemoveContainerAsync(name, new ContainerRemoveParameters { Force = true });
        }
        catch (DockerContainerNotFoundException)
        {
        }
    }

    public Task RemoveAsync(string id) => client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true });

    public void Dispose() => http.Dispose();
}
