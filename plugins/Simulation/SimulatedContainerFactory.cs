using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using OpenWhisk.Spi.Containers;

namespace OpenWhisk.Plugins.Simulation;

/// <summary>
/// A container factory without Docker (name <c>simulated</c>): containers answer <c>/init</c> and <c>/run</c>
/// after configured latencies, and fail on demand. It proves the container SPI is complete and lets the pool be
/// exercised and simulated at scale.
/// </summary>
public sealed class SimulatedContainerFactory(IOptions<SimulationOptions> options, TimeProvider timeProvider) : IContainerFactory
{
    /// <summary>The implementation name.</summary>
    public const string Name = "simulated";

    private readonly ConcurrentDictionary<string, SimulatedContainer> containers = new(StringComparer.Ordinal);
    private readonly Channel<SimulatedContainerEvent> events = Channel.CreateUnbounded<SimulatedContainerEvent>();
    private int created;
    private int attempts;

    /// <summary>Gets every container created so far, including removed ones.</summary>
    public IReadOnlyCollection<SimulatedContainer> Containers => containers.Values.ToList();

    /// <summary>Gets the containers that are not removed.</summary>
    public IReadOnlyList<SimulatedContainer> LiveContainers => containers.Values.Where(c => !c.Destroyed).ToList();

    /// <summary>Gets what happened to containers, in order (when <see cref="SimulationOptions.RecordEvents"/> is on).</summary>
    public ChannelReader<SimulatedContainerEvent> Events => events.Reader;

    /// <summary>Gets how many creations were asked for, including those that failed.</summary>
    public int CreateAttempts => Volatile.Read(ref attempts);

    /// <summary>Gets how many containers were created.</summary>
    public int CreatedCount => Volatile.Read(ref created);

    public async Task<IContainer> CreateContainerAsync(ContainerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = options.Value;
        Interlocked.Increment(ref attempts);
        await Task.Delay(settings.CreateLatency, timeProvider, cancellationToken);
        if (request.Image.Contains(settings.FailingImageMarker, StringComparison.Ordinal))
        {
            throw request.UserProvidedImage
                ? new ContainerStartupException($"Failed to pull container image '{request.Image}'.", isDeveloperError: true)
                : new ContainerStartupException();
        }

        var number = Interlocked.Increment(ref created);
        var container = new SimulatedContainer(
            "sim" + number.ToString("D6", CultureInfo.InvariantCulture), request, this, settings, timeProvider);
        containers[container.Id] = container;
        Record(container, SimulatedContainerEventKind.Created);
        return container;
    }

    public async Task<int> CleanupAsync(string owner, CancellationToken cancellationToken)
    {
        var leftovers = containers.Values.Where(c => !c.Destroyed && c.Request.Owner == owner).ToList();
        foreach (var container in leftovers)
        {
            await container.DestroyAsync(cancellationToken);
        }

        return leftovers.Count;
    }

    public Task<ContainerCapacity?> GetCapacityAsync(string owner, CancellationToken cancellationToken) =>
        Task.FromResult(options.Value.CapacityMb is { } memory ? new ContainerCapacity { MemoryMb = memory, Nodes = 1 } : null);

    internal void Record(SimulatedContainer container, SimulatedContainerEventKind kind)
    {
        if (options.Value.RecordEvents)
        {
            events.Writer.TryWrite(new SimulatedContainerEvent(container.Id, kind, timeProvider.GetUtcNow()));
        }
    }
}
