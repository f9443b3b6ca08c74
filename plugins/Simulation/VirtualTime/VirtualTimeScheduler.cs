namespace OpenWhisk.Plugins.Simulation.VirtualTime;

/// <summary>
/// Runs asynchronous code on one thread against a <see cref="VirtualTimeProvider"/>: every continuation is queued
/// here, and whenever nothing is left to run the clock jumps to the next due timer. Code that awaits (without
/// <c>ConfigureAwait(false)</c>) and uses the provider for its delays and timers therefore runs deterministically,
/// and hours of virtual time take as long as the work itself.
/// </summary>
public sealed class VirtualTimeScheduler : SynchronizationContext
{
    private readonly Lock gate = new();
    private readonly Queue<(SendOrPostCallback Callback, object? State)> work = new();
    private readonly SemaphoreSlim wake = new(0);
    private Thread? pumpThread;

    /// <summary>Initializes a new scheduler whose clock starts at <paramref name="start"/>.</summary>
    /// <param name="start">The initial virtual time.</param>
    public VirtualTimeScheduler(DateTimeOffset start) => Time = new VirtualTimeProvider(start);

    /// <summary>Initializes a new scheduler whose clock starts at 2026-01-01.</summary>
    public VirtualTimeScheduler()
        : this(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Gets the virtual clock.</summary>
    public VirtualTimeProvider Time { get; }

    /// <summary>Gets or sets how long the pump waits for work from another thread before it declares a deadlock.</summary>
    public TimeSpan ExternalWorkTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="main"/> to completion on the calling thread.</summary>
    /// <param name="main">The code to run.</param>
    /// <exception cref="InvalidOperationException">The code waits for something that can never happen.</exception>
    public void Run(Func<Task> main) => Run(async () =>
    {
        await main();
        return true;
    });

    /// <summary>Runs <paramref name="main"/> to completion on the calling thread and returns its result.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="main">The code to run.</param>
    /// <returns>The result.</returns>
    /// <exception cref="InvalidOperationException">The code waits for something that can never happen.</exception>
    public T Run<T>(Func<Task<T>> main)
    {
        ArgumentNullException.ThrowIfNull(main);
        var previous = Current;
        pumpThread = Thread.CurrentThread;
        SetSynchronizationContext(this);
        try
        {
            var task = main();
            while (!task.IsCompleted)
            {
                if (TryDequeue(out var item))
                {
                    item.Callback(item.State);
                    continue;
                }

                if (Time.AdvanceToNextTimer())
                {
                    continue;
                }

                if (!wake.Wait(ExternalWorkTimeout))
                {
                    throw new InvalidOperationException(
                        $"Deadlock at virtual time +{Time.Elapsed}: the code waits, but no work and no timer is scheduled.");
                }
            }

            return task.GetAwaiter().GetResult();
        }
        finally
        {
            SetSynchronizationContext(previous);
            pumpThread = null;
        }
    }

    public override void Post(SendOrPostCallback d, object? state)
    {
        lock (gate)
        {
            work.Enqueue((d, state));
        }

        if (Thread.CurrentThread != pumpThread)
        {
            wake.Release();
        }
    }

    public override void Send(SendOrPostCallback d, object? state)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (Thread.CurrentThread == pumpThread)
        {
            d(state);
            return;
        }

        using var done = new ManualResetEventSlim();
        Post(_ =>
        {
            d(state);
            done.Set();
        }, null);
        done.Wait();
    }

    public override SynchronizationContext CreateCopy() => this;

    private bool TryDequeue(out (SendOrPostCallback Callback, object? State) item)
    {
        lock (gate)
        {
            return work.TryDequeue(out item);
        }
    }
}
