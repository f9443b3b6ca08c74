using System.Diagnostics.Metrics;
using OpenWhisk.Common.Telemetry;
using OpenWhisk.Invoker.Pool;
using OpenWhisk.Spi.Invokers;

namespace OpenWhisk.Invoker.Hosting;

/// <summary>
/// The invoker's system metrics (meter <c>OpenWhisk.Invoker</c>), observed when collected: containers per state,
/// pool memory, buffered and in-flight activations, consumed messages not yet done, the messages waiting on the bus,
/// and the pool's start and eviction counts. Every series carries the <c>invoker</c> label.
/// </summary>
public sealed class InvokerMetrics
{
    private readonly InvokerService invoker;
    private readonly CachedSnapshot<PoolSnapshot> snapshot;

    /// <summary>Initializes a new instance of the <see cref="InvokerMetrics"/> class and creates its instruments.</summary>
    /// <param name="invoker">The invoker observed.</param>
    /// <param name="meterFactory">Creates the meter.</param>
    /// <param name="timeProvider">The clock of the pool snapshot's age.</param>
    public InvokerMetrics(InvokerService invoker, IMeterFactory meterFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        this.invoker = invoker;
        snapshot = new CachedSnapshot<PoolSnapshot>(
            async () => invoker.Pool is { } pool ? await pool.GetSnapshotAsync() : null, timeProvider);
        var meter = meterFactory.Create(MeterNames.Invoker);
        meter.CreateObservableGauge("openwhisk_invoker_containers", ObserveContainers, description: "Containers by state: prewarm, starting, warm, paused, busy.");
        meter.CreateObservableGauge("openwhisk_invoker_memory_used_mb", () => Observe(s => s.UsedMemoryMb), description: "Memory held by containers, in MB.");
        meter.CreateObservableGauge("openwhisk_invoker_memory_free_mb", () => Observe(s => Math.Max(0, s.CapacityMb - s.UsedMemoryMb)), description: "Memory left for containers, in MB.");
        meter.CreateObservableGauge("openwhisk_invoker_buffered_activations", () => Observe(s => s.Buffered.Count), description: "Activations waiting for room in the pool.");
        meter.CreateObservableGauge("openwhisk_invoker_activations_in_flight", () => Tagged(invoker.ActivationsInFlight), description: "Activations handed to the pool and not finished.");
        meter.CreateObservableGauge("openwhisk_invoker_outstanding_messages", () => Tagged(invoker.OutstandingMessages), description: "Activation messages consumed from the bus and not yet done.");
        meter.CreateObservableGauge("openwhisk_invoker_messaging_lag", ObserveLag, description: "Activation messages waiting on the bus for this invoker (Kafka: end offsets less its positions).");
        meter.CreateObservableCounter("openwhisk_invoker_starts", ObserveStarts, description: "Activations by how their container started: cold, prewarm, warm.");
        meter.CreateObservableCounter<long>("openwhisk_invoker_evictions", ObserveEvictions, description: "Idle containers removed to make room.");
    }

    private IEnumerable<Measurement<int>> ObserveContainers()
    {
        if (snapshot.Get() is not { } pool)
        {
            yield break;
        }

        int prewarm = 0, starting = 0, warm = 0, paused = 0, busy = 0;
        foreach (var entry in pool.Entries)
        {
            var state = PoolStatusReader.StateOf(entry);
            busy += state == ContainerGroupStates.Busy ? 1 : 0;
            prewarm += state == ContainerGroupStates.Prewarm ? 1 : 0;
            paused += state == ContainerGroupStates.Paused ? 1 : 0;
            starting += state == ContainerGroupStates.Starting ? 1 : 0;
            warm += state == ContainerGroupStates.Warm ? 1 : 0;
        }

        yield return Tagged(prewarm, "prewarm");
        yield return Tagged(pool.PrewarmStarting + starting, "starting");
        yield return Tagged(warm, "warm");
        yield return Tagged(paused, "paused");
        yield return Tagged(busy, "busy");
    }

    private IEnumerable<Measurement<long>> ObserveStarts()
    {
        if (invoker.Pool is not { } pool)
        {
            yield break;
        }

        yield return Start(pool.Counters.ColdStarts, "cold");
        yield return Start(pool.Counters.PrewarmStarts, "prewarm");
        yield return Start(pool.Counters.WarmStarts, "warm");
    }

    private IEnumerable<Measurement<long>> ObserveLag()
    {
        if (invoker.MessagingLag is { } lag)
        {
            yield return Tagged(lag);
        }
    }

    private IEnumerable<Measurement<long>> ObserveEvictions()
    {
        if (invoker.Pool is { } pool)
        {
            yield return Tagged(pool.Counters.Evictions);
        }
    }

    private IEnumerable<Measurement<int>> Observe(Func<PoolSnapshot, int> read)
    {
        if (snapshot.Get() is { } pool)
        {
            yield return Tagged(read(pool));
        }
    }

    private Measurement<T> Tagged<T>(T value)
        where T : struct => new(value, new KeyValuePair<string, object?>("invoker", invoker.Id.Topic));

    private Measurement<int> Tagged(int value, string state) =>
        new(value, new KeyValuePair<string, object?>("invoker", invoker.Id.Topic), new KeyValuePair<string, object?>("state", state));

    private Measurement<long> Start(long value, string start) =>
        new(value, new KeyValuePair<string, object?>("invoker", invoker.Id.Topic), new KeyValuePair<string, object?>("start", start));
}
