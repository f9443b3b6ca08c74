using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Toolkit.Activations;
using OpenWhisk.Spi.Toolkit.Containers;
using OpenWhisk.Spi.Toolkit.Docker;
using Polly;

namespace OpenWhisk.Plugins.Swarm;

/// <summary>
/// Creates action containers as Docker Swarm services (name <c>swarm</c>), as OpenWhisk's Kubernetes factory creates
/// pods: one single-replica service per container, placed by the cluster's scheduler on any node with room (memory is
/// reserved), reached at the node's address on a port published in host mode. Pause and resume are no-ops; removal
/// removes the service. The factory reports the cluster's schedulable memory as the invoker's capacity.
/// </summary>
public sealed partial class SwarmContainerFactory : IContainerFactory, IDisposable, IAsyncDisposable
{
    /// <summary>The implementation name.</summary>
    public const string Name = "swarm";

    private readonly DockerClient client;
    private readonly SwarmOptions options;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly ResiliencePipeline retry;
    private readonly SemaphoreSlim creating;
    private readonly SwarmTasks tasks;
    private readonly SwarmStartup startup;
    private readonly PlatformApiAccess api;
    private readonly SwarmActionNetwork? network;
    private int disposed;

    public SwarmContainerFactory(IOptions<SwarmOptions> options, TimeProvider timeProvider, ILogger<SwarmContainerFactory> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.timeProvider = timeProvider;
        this.logger = logger;
        client = EngineClients.Create(this.options.Endpoint, this.options.ApiVersion, this.options.ApiTimeout, this.options.Tls);
        retry = EngineApiRetry.Create(timeProvider);
        creating = new SemaphoreSlim(this.options.MaxParallelCreates);
        tasks = new SwarmTasks(client, this.options, retry, timeProvider);
        startup = new SwarmStartup(tasks, this.options, timeProvider);
        api = PlatformApiAccess.Create(this.options.ApiHost, this.options.ApiRelay, relayDirectory: null, logger);
        network = this.options.Networks.Count == 0 && this.options.IsolateActions
            ? new SwarmActionNetwork(
                client,
                retry,
                HostFirewall.For(this.options.Endpoint, this.options.BlockHostAccess, this.options.BlockLinkLocal, this.options.BlockedDestinations, api, "Swarm", logger),
                logger)
            : null;
    }

    public async Task<IContainer> CreateContainerAsync(ContainerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await creating.WaitAsync(cancellationToken);
        string serviceId;
        try
        {
            serviceId = await CreateServiceAsync(request, cancellationToken);
        }
        finally
        {
            creating.Release();
        }

        try
        {
            var (task, address) = await startup.WaitAsync(serviceId, request, cancellationToken);
            return new SwarmContainer(client, serviceId, task.NodeID, address, tasks, options, timeProvider);
        }
        catch (Exception exception)
        {
            var cancelled = exception is OperationCanceledException && cancellationToken.IsCancellationRequested;
            if (!cancelled)
            {
                LogStartFailed(logger, request.Name, exception.Message);
            }

            await RemoveQuietlyAsync(serviceId);
            throw exception is ContainerStartupException || cancelled
                ? exception
                : new ContainerStartupException(ActivationMessages.ResourceErrorBecause(exception.Message), exception);
        }
    }

    /// <inheritdoc/>
    public Task CheckHealthAsync(CancellationToken cancellationToken) => client.System.PingAsync(cancellationToken);

    public async Task<int> CleanupAsync(string owner, CancellationToken cancellationToken)
    {
        var services = await retry.ExecuteAsync(
            async token => await client.Swarm.ListServicesAsync(
                new ServicesListParameters { Filters = new ServiceFilter { Label = [$"{ContainerLabels.Owner}={owner}"] } }, token),
            cancellationToken);
        var removals = services.Select(s => RemoveQuietlyAsync(s.ID)).ToList();
        await Task.WhenAll(removals);
        return removals.Count;
    }

    public async Task<ContainerCapacity?> GetCapacityAsync(string owner, CancellationToken cancellationToken) =>
        await retry.ExecuteAsync(async token => await SwarmCapacity.ReadAsync(client, options, owner, token), cancellationToken);

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await api.DisposeAsync();
        client.Dispose();
        creating.Dispose();
    }

    /// <summary>
    /// Creates the service. A create whose answer was lost (a dropped connection, a retry, a cancellation) may still
    /// have made the service; whatever of this owner then holds the name is removed, so that no service runs untracked.
    /// </summary>
    private async Task<string> CreateServiceAsync(ContainerRequest request, CancellationToken cancellationToken)
    {
        var name = SwarmServiceSpec.NameFor(request.Name);
        try
        {
            if (network is not null)
            {
                await network.EnsureAsync(cancellationToken);
            }

            try
            {
                return await CreateNamedAsync(request, name, cancellationToken);
            }
            catch (DockerApiException exception) when (exception.StatusCode == HttpStatusCode.Conflict)
            {
                if (await RemoveOwnServiceAsync(name, request.Owner))
                {
                    // An earlier attempt of this very create, or a leftover of this owner: gone now, so the name is free.
                    return await CreateNamedAsync(request, name, cancellationToken);
                }

                // Someone else's service has the name: use a fresh one.
                var suffix = "-" + Guid.NewGuid().ToString("N")[..6];
                name = name[..Math.Min(name.Length, SwarmServiceSpec.MaxNameLength - suffix.Length)] + suffix;
                return await CreateNamedAsync(request, name, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is not ContainerStartupException)
        {
            await RemoveOwnServiceAsync(name, request.Owner);
            if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            if (exception is DockerApiException { StatusCode: HttpStatusCode.NotFound } missing
                && missing.ResponseBody?.Contains("network", StringComparison.OrdinalIgnoreCase) == true)
            {
                // The action network went away (pruned): it is made again for the next container.
                network?.Invalidate();
            }

            // Docker.DotNet reports an engine that is not a swarm manager with a plain exception ("Node is not part of a swarm.").
            LogStartFailed(logger, request.Name, exception.Message);
            throw new ContainerStartupException(ActivationMessages.ResourceErrorBecause(exception.Message), exception);
        }
    }

    private async Task<string> CreateNamedAsync(ContainerRequest request, string name, CancellationToken cancellationToken)
    {
        var parameters = new ServiceCreateParameters { Service = SwarmServiceSpec.For(request, name, options, api, timeProvider.GetUtcNow()) };
        return (await retry.ExecuteAsync(async token => await client.Swarm.CreateServiceAsync(parameters, token), cancellationToken)).ID;
    }

    /// <summary>Removes the service named <paramref name="name"/> if <paramref name="owner"/> owns it; false when there is none of this owner.</summary>
    private async Task<bool> RemoveOwnServiceAsync(string name, string owner)
    {
        try
        {
            var service = await client.Swarm.InspectServiceAsync(name, CancellationToken.None);
            if (service.Spec?.Labels?.TryGetValue(ContainerLabels.Owner, out var serviceOwner) != true || serviceOwner != owner)
            {
                return false;
            }

            await RemoveQuietlyAsync(service.ID);
            return true;
        }
        catch (DockerApiException exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (Exception exception) when (exception is DockerApiException or HttpRequestException or IOException or OperationCanceledException)
        {
            LogRemoveFailed(logger, name, exception);
            return false;
        }
    }

    private async Task RemoveQuietlyAsync(string serviceId)
    {
        try
        {
            await tasks.RemoveAsync(serviceId, CancellationToken.None);
        }
        catch (Exception exception) when (exception is DockerApiException or HttpRequestException or IOException or OperationCanceledException)
        {
            LogRemoveFailed(logger, serviceId, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service for container {Name} could not be started: {Reason}")]
    private static partial void LogStartFailed(ILogger logger, string name, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service {Id} could not be removed")]
    private static partial void LogRemoveFailed(ILogger logger, string id, Exception exception);
}
