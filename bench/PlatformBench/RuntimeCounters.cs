using System.Globalization;

namespace OpenWhisk.Bench.PlatformBench;

/// <summary>
/// Reads a process's runtime counters around wrk runs and keeps what each run cost it, by scenario, so that the
/// benchmark can print allocations, thread-pool work items, CPU, collections and GC pauses beside the latencies.
/// </summary>
/// <param name="metrics">The process's Prometheus endpoint.</param>
internal sealed class RuntimeCounters(Uri metrics)
{
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Gets what each measured run cost, by scenario.</summary>
    public Dictionary<string, RuntimeCost> Costs { get; } = [];

    /// <summary>Runs <paramref name="run"/> between two scrapes and keeps its cost under <paramref name="scenario"/>.</summary>
    /// <param name="scenario">The scenario the run measures.</param>
    /// <param name="run">The wrk run.</param>
    /// <returns>The run's result.</returns>
    public async Task<WrkResult> AroundAsync(string scenario, Func<Task<WrkResult>> run)
    {
        var before = await ReadAsync();
        var result = await run();
        var cost = RuntimeCost.Between(before, await ReadAsync(), result.Requests);
        Costs[scenario] = cost;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{scenario}: {cost}"));
        return result;
    }

    private async Task<RuntimeSnapshot> ReadAsync() => RuntimeSnapshot.Parse(await http.GetStringAsync(metrics));
}
