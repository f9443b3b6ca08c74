using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace OpenWhisk.Bench.PlatformBench;

/// <summary>
/// The sharding balancer with 100 simulated invokers (<c>scale-sharding-100</c>): runs
/// <c>bench/ShardingSimulator</c> in a process of its own and reads what it measured: the balancer's CPU per activation
/// against sending the same messages straight to the invokers, and how evenly uniform traffic spreads.
/// </summary>
internal static class ShardingScale
{
    public static async Task<BenchEntry> MeasureAsync(int activations)
    {
        var dll = Path.Combine(Repository.Root, "bench/ShardingSimulator/bin/Release/net10.0/ShardingSimulator.dll");
        var output = Path.Combine(Path.GetTempPath(), "owbench-sharding-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        try
        {
            using var process = Process.Start(new ProcessStartInfo("dotnet", [dll, activations.ToString(CultureInfo.InvariantCulture), "--json", output]))!;
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException("the sharding simulator exited with " + process.ExitCode.ToString(CultureInfo.InvariantCulture));
            }

            using var result = JsonDocument.Parse(await File.ReadAllTextAsync(output));
            var us = result.RootElement.GetProperty("usPerActivation").GetDouble();
            var deviation = result.RootElement.GetProperty("maxDeviationPct").GetDouble();
            return new BenchEntry
            {
                Scenario = "scale-sharding-100",
                UsPerActivation = us,
                MaxDeviationPct = deviation,
                Target = string.Create(CultureInfo.InvariantCulture, $"<= 20 us CPU per activation ({us:F1}), every invoker within 10 % of the mean ({deviation:F1} %)"),
                Met = us <= 20 && deviation <= 10,
            };
        }
        finally
        {
            File.Delete(output);
        }
    }
}
