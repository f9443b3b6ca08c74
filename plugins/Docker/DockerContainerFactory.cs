using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Toolkit.Activations;
using OpenWhisk.Spi.Toolkit.Containers;
using OpenWhisk.Spi.Toolkit.Docker;
using Polly;

namespace OpenWhisk.Plugins.Docker;

/// <summary>
/// Creates action containers through the Docker Engine API (name <c>docker</c>), hardened as OpenWhisk does and
/// further: memory = memory-swap = the action's memory, CPU shares by memory, a pids limit, all capabilities dropped,
/// <c>no-new-privileges</c>, a nofile limit, never privileged, a read-only root filesystem for the runtimes' images,
/// on a network whose containers cannot reach each other. The platform reaches a runtime's proxy over a Unix socket in
/// a directory mounted into its container (<see cref="ProxySockets"/>), or over TCP, port 8080 published on 127.0.0.1
/// with a random host port. Containers carry their owner's label so that cleanup removes exactly that owner's leftovers.
/// </summary>
public sealed partial class DockerContainerFactory : IContainerFactory, IDisposable, IAsyncDisposable
{
    /// <summary>The implementation name.</summary>
    public const string Name = "docker";

    private const string ProxyPort = "8080/tcp";
    private readonly DockerClient client;
    private readonly DockerOptions options;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly ResiliencePipeline retry;
    private readonly SemaphoreSlim creating;
    // Images seen on the engine, and what each announces its proxy can do.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ProxyFeatures> presentImages = new(StringComparer.Ordinal);
    private readonly PlatformApiAccess api;
    private readonly ProxySockets sockets;
    private readonly ActionNetwork network;
    private int disposed;

    public DockerContainerFactory(IOptions<DockerOptions> options, TimeProvider timeProvider, ILogger<DockerContainerFactory> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.timeProvider = timeProvider;
        this.logger = logger;
        client = EngineClients.Create(this.options.Endpoint, this.options.ApiVersion, this.options.ApiTimeout, this.options.Tls);
        retry = EngineApiRetry.Create(timeProvider);
        creating = new SemaphoreSlim(this.options.MaxParallelCreates);
        api = PlatformApiAccess.Create(this.options.ApiHost, this.options.ApiRelay, this.options.ApiRelayDirectory, logger);
        sockets = new ProxySockets(this.options, logger);
        network = new ActionNetwork(client, this.options.Network, retry, HostFirewall.For(this.options.Endpoint, this.options.BlockHostAccess, this.options.BlockLinkLocal, this.options.BlockedDestinations, api, "Docker", logger), logger);
    }

    public async Task<IContainer> CreateContainerAsync(ContainerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // A pull (bounded by PullTimeout) holds none of the create slots: a slow registry delays only its own actions.
        var features = await EnsureImageAsync(request, cancellationToken);
        await network.EnsureAsync(cancellationToken);
        await creating.WaitAsync(cancellationToken);
        ProxySocket? socket = null;
        try
        {
            socket = sockets.For(request, features);
            var id = await CreateAsync(request, socket, cancellationToken);
            try
            {
                await retry.ExecuteAsync(async token => await client.Containers.StartContainerAsync(id, new ContainerStartParameters(), token), cancellationToken);
                var inspect = await retry.ExecuteAsync(async token => await client.Containers.InspectContainerAsync(id, token), cancellationToken);
                var address = socket is null ? AddressOf(inspect) : ContainerAddress.UnixSocket(socket.SocketPath);
                return new DockerContainer(
                    client, id, request.Name, address, socket?.HostDirectory, ContainerLogFile.Readable(socket, inspect, options.LogSource), options, retry, timeProvider, logger);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogStartFailed(logger, request.Name, exception);
                await RemoveQuietlyAsync(id);
                if (request.UserProvidedImage && exception is DockerApiException { StatusCode: System.Net.HttpStatusCode.BadRequest } api)
                {
                    // The user's image cannot start (its entrypoint is missing, for example): the user's fault, not the invoker's.
                    throw new ContainerStartupException(
                        $"Failed to start container image '{request.Image}': {StartFailure.Reason(api.ResponseBody)}", isDeveloperError: true, exception);
                }

                throw new ContainerStartupException(ActivationMessages.ResourceError, exception);
            }
        }
        catch when (socket is not null)
        {
            ProxySockets.Delete(socket.HostDirectory);
            throw;
        }
        finally
        {
            creating.Release();
        }
    }

    /// <inheritdoc/>
    public Task CheckHealthAsync(CancellationToken cancellationToken) => client.System.PingAsync(cancellationToken);

    public async Task<int> CleanupAsync(string owner, CancellationToken cancellationToken)
    {
        var containers = await retry.ExecuteAsync(
            async token => await client.Containers.ListContainersAsync(
                new ContainersListParameters
                {
                    All = true,
                    Filters = new Dictionary<string, IDictionary<string, bool>>
                    {
                        ["label"] = new Dictionary<string, bool> { [$"{ContainerLabels.Owner}={owner}"] = true },
                    },
                },
                token),
            cancellationToken);
        foreach (var container in containers)
        {
            if (string.Equals(container.State, "paused", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    await client.Containers.UnpauseContainerAsync(container.ID, cancellationToken);
                }
                catch (DockerApiException)
                {
                    // Removal forces it anyway.
                }
            }

            await RemoveQuietlyAsync(container.ID);
            sockets.RemoveLeftover(container);
        }

        return containers.Count;
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await api.DisposeAsync();
        sockets.Dispose();
        client.Dispose();
        creating.Dispose();
    }

    /// <summary>Makes sure the engine has the image, pulling a blackbox one as the policy says.</summary>
    /// <returns>What the image announces its proxy can do.</returns>
    private async Task<ProxyFeatures> EnsureImageAsync(ContainerRequest request, CancellationToken cancellationToken)
    {
        if (request.UserProvidedImage && options.PullPolicy == ImagePullPolicy.Always)
        {
            await PullAlwaysAsync(request.Image, cancellationToken);
            return ProxyFeatures.None;
        }

        if (presentImages.TryGetValue(request.Image, out var announces))
        {
            // Seen before: one Engine API call less per container; a create that finds it gone forgets it.
            return announces;
        }

        try
        {
            var image = await client.Images.InspectImageAsync(request.Image, cancellationToken);
            return presentImages[request.Image] = request.UserProvidedImage ? ProxyFeatures.None : ProxySockets.Announced(image);
        }
        catch (DockerImageNotFoundException)
        {
            if (!request.UserProvidedImage)
            {
                LogImageMissing(logger, request.Image);
                throw new ContainerStartupException();
            }
        }

        if (options.PullPolicy == ImagePullPolicy.Never)
        {
            throw new ContainerStartupException($"Failed to pull container image '{request.Image}'.", isDeveloperError: true);
        }

        try
        {
            await PullAsync(request.Image, cancellationToken);
            presentImages[request.Image] = ProxyFeatures.None;
            return ProxyFeatures.None;
        }
        catch (Exception exception) when (exception is DockerApiException or HttpRequestException or IOException or TimeoutException)
        {
            LogPullFailed(logger, request.Image, exception);
            throw new ContainerStartupException($"Failed to pull container image '{request.Image}'.", isDeveloperError: true, exception);
        }
    }

    /// <summary>Pulls a blackbox image on every cold start; a registry that cannot be reached leaves the engine's copy in use.</summary>
    private async Task PullAlwaysAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            await PullAsync(image, cancellationToken);
        }
        catch (Exception exception) when (exception is DockerApiException or HttpRequestException or IOException or TimeoutException)
        {
            try
            {
                await client.Images.InspectImageAsync(image, cancellationToken);
                LogPullFailedUsingLocal(logger, image, exception.Message);
            }
            catch (DockerImageNotFoundException)
            {
                LogPullFailed(logger, image, exception);
                throw new ContainerStartupException($"Failed to pull container image '{image}'.", isDeveloperError: true, exception);
            }
        }
    }

    /// <summary>Pulls <paramref name="image"/>; throws when the engine does not have it afterwards.</summary>
    /// <exception cref="TimeoutException">The pull took longer than <see cref="DockerOptions.PullTimeout"/>.</exception>
    private async Task PullAsync(string image, CancellationToken cancellationToken)
    {
        var (name, tag) = SplitTag(image);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(options.PullTimeout);
        try
        {
            await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = name, Tag = tag }, null, new Progress<JSONMessage>(), limit.Token);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Pulling '{image}' took longer than {options.PullTimeout}.", exception);
        }

        await client.Images.InspectImageAsync(image, cancellationToken);
    }

    private async Task<string> CreateAsync(ContainerRequest request, ProxySocket? socket, CancellationToken cancellationToken)
    {
        var parameters = Parameters(request, socket);
        try
        {
            return (await retry.ExecuteAsync(async token => await client.Containers.CreateContainerAsync(parameters, token), cancellationToken)).ID;
        }
        catch (DockerApiException exception) when (exception.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // A container of that name survives from an earlier run of this owner; use a fresh name.
            parameters.Name = request.Name + "_" + Guid.NewGuid().ToString("N")[..6];
            return (await retry.ExecuteAsync(async token => await client.Containers.CreateContainerAsync(parameters, token), cancellationToken)).ID;
        }
        catch (Exception exception) when (exception is DockerApiException or HttpRequestException or IOException)
        {
            if (exception is DockerApiException { StatusCode: System.Net.HttpStatusCode.NotFound } missing
                && missing.ResponseBody?.Contains("network", StringComparison.OrdinalIgnoreCase) == true)
            {
                // The action network went away (pruned): it is made again for the next container.
                network.Invalidate();
            }
            else if (exception is DockerApiException { StatusCode: System.Net.HttpStatusCode.NotFound })
            {
                // The image went away since it was seen: look for it (and pull it) again next time.
                presentImages.TryRemove(request.Image, out _);
            }

            LogStartFailed(logger, request.Name, exception);
            throw new ContainerStartupException(ActivationMessages.ResourceError, exception);
        }
    }

    private CreateContainerParameters Parameters(ContainerRequest request, ProxySocket? socket)
    {
        var memoryBytes = request.MemoryMb * 1024L * 1024L;
        var environment = api.EnvironmentFor(request, options.ExtraEnvironment);
        var host = new HostConfig
        {
            Memory = memoryBytes,
            MemorySwap = memoryBytes,
            CPUShares = request.CpuShares,
            PidsLimit = options.PidsLimit,
            CapDrop = options.DropCapabilities,
            CapAdd = options.AddCapabilities,
            SecurityOpt = ["no-new-privileges"],
            Ulimits = [new Ulimit { Name = "nofile", Soft = options.NofileLimit, Hard = options.NofileLimit }],
            Privileged = false,
            NetworkMode = options.Network,
            LogConfig = request.Logging is { } logging
                ? new LogConfig { Type = logging.Driver, Config = logging.Options.ToDictionary() }
                : null,
            DNS = options.DnsServers,
        };
        if (api.Relay is { } relay)
        {
            host.Binds = [relay.HostDirectory + ":" + PlatformApiRelay.ContainerDirectory + ":ro"];
        }

        if (options.ReadOnlyRootFilesystem && ContainerHardening.AllowsReadOnlyRoot(request))
        {
            host.ReadonlyRootfs = true;
            host.Tmpfs = new Dictionary<string, string> { ["/tmp"] = ContainerHardening.TmpfsOptions(request.MemoryMb) };
        }

        if (!options.UseContainerIp && socket is null)
        {
            host.PortBindings = new Dictionary<string, IList<PortBinding>>
            {
                [ProxyPort] = [new PortBinding { HostIP = options.HostAddress, HostPort = string.Empty }],
            };
        }

        var parameters = new CreateContainerParameters
        {
            Name = request.Name,
            Image = request.Image,
            Env = environment,
            ExposedPorts = socket is null ? new Dictionary<string, EmptyStruct> { [ProxyPort] = default } : null,
            Labels = ContainerLabels.For(request, timeProvider.GetUtcNow()),
            HostConfig = host,
        };
        ProxySockets.Label(parameters, socket);
        if (socket is not null)
        {
            ProxySockets.Apply(parameters, socket);
        }

        return parameters;
    }

    private ContainerAddress AddressOf(ContainerInspectResponse inspect)
    {
        if (options.UseContainerIp)
        {
            var ip = inspect.NetworkSettings.Networks.TryGetValue(options.Network, out var network) ? network.IPAddress : null;
            return string.IsNullOrEmpty(ip)
                ? throw new InvalidOperationException($"Container {inspect.ID} has no address on network '{options.Network}'.")
                : new ContainerAddress(ip, ActionProxyProtocol.Port);
        }

        var binding = inspect.NetworkSettings.Ports.TryGetValue(ProxyPort, out var bindings) ? bindings?.FirstOrDefault() : null;
        return binding is null
            ? throw new InvalidOperationException($"Container {inspect.ID} has no published port {ProxyPort}.")
            : new ContainerAddress(options.HostAddress, int.Parse(binding.HostPort, CultureInfo.InvariantCulture));
    }

    private async Task RemoveQuietlyAsync(string id)
    {
        try
        {
            await retry.ExecuteAsync(async token => await client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, token), CancellationToken.None);
        }
        catch (Exception exception) when (exception is DockerApiException or HttpRequestException or IOException)
        {
            LogRemoveFailed(logger, id, exception);
        }
    }

    private static (string Image, string Tag) SplitTag(string image)
    {
        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Container {Name} could not be created or started")]
    private static partial void LogStartFailed(ILogger logger, string name, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Runtime image {Image} is missing; build it with runtimes/build-images.sh")]
    private static partial void LogImageMissing(ILogger logger, string image);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Image {Image} could not be pulled ({Reason}); using the engine's copy")]
    private static partial void LogPullFailedUsingLocal(ILogger logger, string image, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Image {Image} could not be pulled")]
    private static partial void LogPullFailed(ILogger logger, string image, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Container {Id} could not be removed")]
    private static partial void LogRemoveFailed(ILogger logger, string id, Exception exception);
}
