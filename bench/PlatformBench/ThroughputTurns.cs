using System.Globalization;

namespace OpenWhisk.Bench.PlatformBench;

/// <summary>
/// Throughput runs of several targets taken in turns (the bare container, then each platform scenario, then again),
/// so that a platform scenario and the baseline it is a share of see the same minutes of the machine: its speed moves
/// by a fifth between the start of a run and its middle.
/// </summary>
internal static class ThroughputTurns
{
    /// <summary>Runs every target <paramref name="turns"/> times, in the same order each turn.</summary>
    /// <param name="targets">The targets by name: what wrk posts where.</param>
    /// <param name="turns">How many turns.</param>
    /// <param name="measure">How long each run lasts.</param>
    /// <param name="connections">wrk's connections.</param>
    /// <returns>Each target's runs together: the mean of their requests per second, the medians of their percentiles.</returns>
    public static async Task<Dictionary<string, WrkResult>> RunAsync(
        IReadOnlyList<(string Name, Uri Url, string Body, string? Auth)> targets, int turns, TimeSpan measure, int connections)
    {
        var runs = targets.ToDictionary(t => t.Name, _ => new List<WrkResult>());
        for (var turn = 1; turn <= turns; turn++)
        {
            foreach (var (name, url, body, auth) in targets)
            {
                var result = await Wrk.RunAsync(url, body, auth, connections, measure);
                if (result.Errors > 0)
                {
                    throw new InvalidOperationException($"{result.Errors} failed requests to {url}");
                }

                runs[name].Add(result);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"throughput turn {turn} {name}: {result.Rps:F0} rps, p50 {result.P50Ms:F3} ms, p99 {result.P99Ms:F3} ms"));
            }
        }

        return runs.ToDictionary(p => p.Key, p => Combine(p.Value));
    }

    /// <summary>Runs of equal length together: mean requests per second, median p50 and p99, summed counts.</summary>
    /// <param name="runs">The runs.</param>
    /// <returns>One result.</returns>
    public static WrkResult Combine(IReadOnlyList<WrkResult> runs) => new(
        Median(runs.Select(r => r.P50Ms)),
        Median(runs.Select(r => r.P99Ms)),
        runs.Average(r => r.Rps),
        runs.Sum(r => r.Requests),
        runs.Sum(r => r.Errors));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
