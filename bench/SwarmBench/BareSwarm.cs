using Docker.DotNet;
using Docker.DotNet.Models;

namespace OpenWhisk.Bench.SwarmBench;

/// <summary>
/// The baseline of a Swarm cold start: the bare API sequence <c>docker service create</c> does (one replica, never
/// restarted, port 8080 published in host mode, memory reserved), then the task polled until it runs with its port,
/// at the same interval the factory polls; nothing of the platform in between.
/// </summary>
internal sealed class BareSwarm(DockerClient client, string image, TimeSpan pollInterval)
{
    public async Task<(string Id, Uri Address)> StartAsync(string name)
    {
        var created = await client.Swarm.CreateServiceAsync(new ServiceCreateParameters
        {
            Service = new ServiceSpec
            {
                Name = name,
                Labels = new Dictionary<string, string> { ["net.openwhisk.owner"] = "wskbench", ["net.openwhisk.managed"] = "true" },
                Mode = new ServiceMode { Replicated = new ReplicatedService { Replicas = 1 } },
                TaskTemplate = new TaskSpec
                {
                    ContainerSpec = new ContainerSpec { Image = image },
                    Resources = new ResourceRequirements
                    {
                        Limits = new SwarmLimit { MemoryBytes = 256L * 1024 * 1024 },
                        Reservations = new SwarmResources { MemoryBytes = 256L * 1024 * 1024 },
                    },
                    RestartPolicy = new SwarmRestartPolicy { Condition = "none" },
                },
                EndpointSpec = new EndpointSpec { Ports = [new PortConfig { Protocol = "tcp", TargetPort = 8080, PublishMode = "host" }] },
            },
        });
        while (true)
        {
            var tasks = await client.Tasks.ListAsync(new TasksListParameters
            {
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["service"] = new Dictionary<string, bool> { [created.ID] = true } },
            });
            var port = tasks.FirstOrDefault(t => t.Status.State == TaskState.Running)?.Status.PortStatus?.Ports?.FirstOrDefault()?.PublishedPort;
            if (port is > 0)
            {
                return (created.ID, new Uri($"http://127.0.0.1:{port}"));
            }

            await Task.Delay(pollInterval);
        }
    }

    public Task RemoveAsync(string id) => client.Swarm.RemoveServiceAsync(id);
}
