using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Invokers;
using OpenWhisk.Spi.LoadBalancing;

namespace OpenWhisk.Plugins.Direct.Tests.Support;

/// <summary>A balancer that only has a name and an opinion on which actions it runs, for resolver tests.</summary>
internal sealed class NamedBalancer(string name, Func<WhiskAction, bool>? canRun = null) : ILoadBalancer
{
    public string Name => name;

    public int ClusterSize => 1;

    public int TotalActiveActivations => 0;

    public bool CanRun(WhiskAction action) => canRun?.Invoke(action) ?? true;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<ActivationPublication> PublishAsync(WhiskAction action, ActivationMessage message, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Resolver tests do not publish.");

    public int ActiveActivationsFor(string namespaceUuid) => 0;

    public Task<IReadOnlyList<InvokerHealth>> GetInvokerHealthAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<InvokerHealth>>([]);
}
