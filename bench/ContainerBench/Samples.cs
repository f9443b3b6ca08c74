using System.Globalization;

namespace OpenWhisk.Bench.ContainerBench;

/// <summary>Latency samples and their summary.</summary>
internal sealed class Samples(string name)
{
    private readonly List<double> values = [];

    public string Name { get; } = name;

    public void Add(TimeSpan value) => values.Add(value.TotalMilliseconds);

    public double Percentile(double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public double Median => Percentile(0.5);

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture, $"{Name,-40} n={values.Count,5}  p50={Median,9:F3} ms  p99={Percentile(0.99),9:F3} ms");
}
