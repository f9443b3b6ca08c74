using System.Globalization;

namespace OpenWhisk.Bench.PoolSimulator;

/// <summary>An action of a synthetic workload: where it lives, its runtime, memory and how long it runs.</summary>
internal sealed record SyntheticAction(string Namespace, string Name, string Kind, int MemoryMb, int DurationMs)
{
    private static readonly int[] Memories = [128, 256, 256, 256, 512];

    /// <summary>An invocation of this action at <paramref name="timestampMs"/>.</summary>
    public Invocation At(long timestampMs) => new(timestampMs, Namespace, Name, Kind, MemoryMb, DurationMs);

    /// <summary>
    /// <paramref name="count"/> actions in ten namespaces, one in five on Python, memories 128–512 MB, and durations
    /// log-normal around 300 ms (half of all functions run for less than a second: Serverless in the Wild).
    /// </summary>
    public static List<SyntheticAction> Many(Random random, int count) =>
        Enumerable.Range(0, count).Select(i => new SyntheticAction(
            "ns" + (i % 10).ToString(CultureInfo.InvariantCulture),
            "action" + i.ToString(CultureInfo.InvariantCulture),
            i % 5 == 4 ? "python:3" : "nodejs:20",
            Memories[random.Next(Memories.Length)],
            (int)Math.Clamp(Math.Exp(Normal(random, Math.Log(300), 1.0)), 5, 20_000))).ToList();

    /// <summary>A normally distributed number (Box–Muller).</summary>
    public static double Normal(Random random, double mean, double deviation) =>
        mean + (deviation * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));

    /// <summary>An exponentially distributed number with mean <paramref name="mean"/>.</summary>
    public static double Exponential(Random random, double mean) => -Math.Log(1 - random.NextDouble()) * mean;
}
