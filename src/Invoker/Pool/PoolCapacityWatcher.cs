using OpenWhisk.Spi.Containers;

namespace OpenWhisk.Invoker.Pool;

/// <summary>
/// Keeps the pool's capacity equal to what the container factory reports (a cluster manager's schedulable memory,
/// see <see cref="IContainerFactory.GetCapacityAsync"/>): asks every <c>Invoker:Pool:CapacityRefreshInterval</c>
/// and hands on each answer that changed (to the pool, and to the memory budget it shares). A failed query keeps the last capacity.
/// </summary>
internal sealed partial class PoolCapacityWatcher : IAsyncDisposable
{
    private readonly IContainerFactory factory;
    private readonly string owner;
    private readonly Action<int> setCapacity;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stopping = new();
    private readonly PeriodicTimer timer;
    private readonly Task loop;
    private int lastMemoryMb;

    public PoolCapacityWatcher(IContainerFactory factory, string owner, Action<int> setCapacity, int initialMemoryMb, TimeSpan interval, TimeProvider time, ILogger logger)
    {
        this.factory = factory;
        this.owner = owner;
        this.setCapacity = setCapacity;
        this.logger = logger;
        lastMemoryMb = initialMemoryMb;
        timer = new PeriodicTimer(interval, time);
        loop = RunAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        timer.Dispose();
        await loop;
        stopping.Dispose();
    }

    private async Task RunAsync()
    {
        try
        {
            while (await timer.WaitForNextTickAsync(stopping.Token))
            {
                await RefreshAsync(stopping.Token);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        ContainerCapacity? capacity;
        try
        {
            capacity = await factory.GetCapacityAsync(owner, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Including a query that timed out (Docker.DotNet reports that as a cancellation): the next tick asks again.
            LogQueryFailed(logger, owner, exception);
            return;
        }

        if (capacity is not null && capacity.MemoryMb != lastMemoryMb)
        {
            LogCapacityChanged(logger, owner, lastMemoryMb, capacity.MemoryMb, capacity.Nodes);
            lastMemoryMb = capacity.MemoryMb;
            setCapacity(capacity.MemoryMb);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The capacity of {Owner} could not be read from the container factory; keeping the last one")]
    private static partial void LogQueryFailed(ILogger logger, string owner, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "The capacity of {Owner} changed from {OldMemoryMb} MB to {MemoryMb} MB on {Nodes} node(s)")]
    private static partial void LogCapacityChanged(ILogger logger, string owner, int oldMemoryMb, int memoryMb, int nodes);
}
