using System.Globalization;

namespace OpenWhisk.Bench.PoolSimulator;

/// <summary>Synthetic workloads and trace files.</summary>
internal static class Workloads
{
    public static IReadOnlyList<Invocation> Create(SimulatorSettings settings)
    {
        if (settings.TracePath is not null && !AzureTrace.IsAzureFormat(settings.TracePath))
        {
            return ReadTrace(settings.TracePath);
        }

        if (settings.TracePath is not null && AzureTrace.IsAzureFormat(settings.TracePath))
        {
            return AzureTrace.Read(settings.TracePath, settings.Seed);
        }

        var random = new Random(settings.Seed);
        if (settings.Workload == "periodic-bursty")
        {
            return PeriodicBurstyWorkload.Create(random, settings.Actions, settings.Hours);
        }

        var actions = SyntheticAction.Many(random, settings.Actions);
        var pick = settings.Workload switch
        {
            "uniform" => (Func<int>)(() => random.Next(actions.Count)),
            "zipf" or "bursty" => Zipf(random, actions.Count, 1.0),
            _ => throw new ArgumentException($"Unknown workload '{settings.Workload}'; use zipf, uniform, bursty or periodic-bursty."),
        };

        var invocations = new List<Invocation>(settings.Invocations);
        var time = 0.0;
        for (var i = 0; i < settings.Invocations; i++)
        {
            var rate = settings.Workload == "bursty" && (long)(time / 10_000) % 10 == 0 ? settings.Rate * 10 : settings.Rate;
            time += -Math.Log(1 - random.NextDouble()) * 1000 / rate;
            var action = actions[pick()];
            invocations.Add(action.At((long)time));
        }

        return invocations;
    }

    private static List<Invocation> ReadTrace(string path)
    {
        var invocations = new List<Invocation>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line) || line.StartsWith("timestamp", StringComparison.OrdinalIgnoreCase) || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length != 6)
            {
                throw new FormatException($"Trace line '{line}' does not have 6 fields (timestamp_ms,namespace,action,kind,memory_mb,duration_ms).");
            }

            invocations.Add(new Invocation(
                long.Parse(fields[0], CultureInfo.InvariantCulture),
                fields[1].Trim(),
                fields[2].Trim(),
                fields[3].Trim(),
                int.Parse(fields[4], CultureInfo.InvariantCulture),
                int.Parse(fields[5], CultureInfo.InvariantCulture)));
        }

        invocations.Sort((a, b) => a.TimestampMs.CompareTo(b.TimestampMs));
        return invocations;
    }

    private static Func<int> Zipf(Random random, int count, double exponent)
    {
        var cumulative = new double[count];
        var sum = 0.0;
        for (var i = 0; i < count; i++)
        {
            sum += 1 / Math.Pow(i + 1, exponent);
            cumulative[i] = sum;
        }

        return () =>
        {
            var index = Array.BinarySearch(cumulative, random.NextDouble() * sum);
            return index < 0 ? ~index : index;
        };
    }
}
