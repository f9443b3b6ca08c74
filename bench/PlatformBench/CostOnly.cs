namespace OpenWhisk.Bench.PlatformBench;

/// <summary>
/// <c>--journal-cost</c>, <c>--metrics-cost</c> and <c>--dotnet</c>: one scenario alone, printed, in a temporary data folder
/// (for work on the journal or on metrics).
/// </summary>
internal static class CostOnly
{
    /// <summary>Runs the scenario the arguments name, if they name one.</summary>
    /// <returns>Whether one ran.</returns>
    public static async Task<bool> RunAsync(string? alone, string guestKey, string noop, TimeSpan warmUp, TimeSpan measure, bool quick)
    {
        var journal = alone == BenchArguments.JournalCost;
        var dotnet = alone == BenchArguments.Dotnet;
        if (!journal && !dotnet && alone != BenchArguments.MetricsCost)
        {
            return false;
        }

        var data = Directory.CreateTempSubdirectory("ow-bench-").FullName;
        try
        {
            if (dotnet)
            {
                await DotnetRuntime.MeasureAsync(data, guestKey, noop, warmUp, measure, quick ? 3 : 10);
            }
            else if (journal)
            {
                await JournalCost.MeasureAsync(data, guestKey, noop, warmUp, TimeSpan.FromSeconds(quick ? 10 : 20), quick ? 4 : 8);
            }
            else
            {
                await MetricsCost.MeasureAsync(data, guestKey, noop, warmUp, measure, quick ? 4 : 6);
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }

        return true;
    }
}
