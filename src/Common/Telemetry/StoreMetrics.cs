using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Common.Telemetry;

/// <summary>
/// Store calls (meter <c>OpenWhisk.Stores</c>): <c>openwhisk_store_operation_duration_seconds</c> by store
/// (<c>artifacts</c>, <c>activations</c>), operation and outcome (<c>ok</c>, <c>unavailable</c>, <c>error</c>), and
/// the records waiting in the spool for the activation store.
/// </summary>
public sealed class StoreMetrics
{
    private static readonly double[] Buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private readonly Histogram<double> duration;
    private readonly TimeProvider timeProvider;
    private Func<int>? spooled;

    /// <summary>Initializes a new instance of the <see cref="StoreMetrics"/> class.</summary>
    /// <param name="meterFactory">Creates the meter.</param>
    /// <param name="timeProvider">The clock of the durations.</param>
    public StoreMetrics(IMeterFactory meterFactory, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        this.timeProvider = timeProvider ?? TimeProvider.System;
        var meter = meterFactory.Create(MeterNames.Stores);
        duration = meter.CreateHistogram(
            "openwhisk_store_operation_duration", "s", "Time a store call took.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });
        meter.CreateObservableGauge(
            "openwhisk_activation_records_spooled", () => spooled?.Invoke() ?? 0, description: "Records waiting on local disk for the activation store to take them.");
    }

    /// <summary>Observes the spool's length (the host's record storer).</summary>
    /// <param name="pending">Reads the number of spooled records.</param>
    public void ObserveSpool(Func<int> pending) => spooled = pending;

    /// <summary>Times a store call.</summary>
    /// <typeparam name="T">The call's result.</typeparam>
    /// <param name="store">The store's label.</param>
    /// <param name="operation">The operation's label.</param>
    /// <param name="call">The call.</param>
    /// <returns>The call's result.</returns>
    public async Task<T> TimeAsync<T>(string store, string operation, Func<Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!duration.Enabled)
        {
            return await call();
        }

        var start = timeProvider.GetTimestamp();
        var outcome = "error";
        try
        {
            var result = await call();
            outcome = "ok";
            return result;
        }
        catch (StoreUnavailableException)
        {
            outcome = "unavailable";
            throw;
        }
        finally
        {
            Record(store, operation, outcome, timeProvider.GetElapsedTime(start));
        }
    }

    /// <summary>Records one call's duration and outcome.</summary>
    /// <param name="store">The store's label.</param>
    /// <param name="operation">The operation's label.</param>
    /// <param name="outcome">The outcome's label.</param>
    /// <param name="elapsed">How long it took.</param>
    public void Record(string store, string operation, string outcome, TimeSpan elapsed) =>
        duration.Record(elapsed.TotalSeconds, new TagList { { "store", store }, { "operation", operation }, { "outcome", outcome } });
}
