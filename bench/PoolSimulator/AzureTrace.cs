using System.Globalization;
using System.Text;

namespace OpenWhisk.Bench.PoolSimulator;

/// <summary>
/// Traces in the shape of the public Azure Functions 2019 trace (<c>invocations_per_function_md.anon.dNN.csv</c>):
/// one row per function, <c>HashOwner,HashApp,HashFunction,Trigger</c> then 1 440 per-minute invocation counts. Reading
/// one spreads each minute's invocations over the minute (a timer's at the same second each time); the trace holds no
/// memory or duration, so each function gets them from its hash, like the synthetic actions. The real trace cannot be
/// downloaded here: <see cref="Generate"/> writes a sample with the same columns and a similar mix of triggers.
/// </summary>
internal static class AzureTrace
{
    private const int Minutes = 1440;
    private const string HeaderStart = "HashOwner,HashApp,HashFunction,Trigger";

    public static bool IsAzureFormat(string path)
    {
        using var reader = new StreamReader(path);
        return reader.ReadLine()?.StartsWith(HeaderStart, StringComparison.Ordinal) == true;
    }

    public static IReadOnlyList<Invocation> Read(string path, int seed)
    {
        var invocations = new List<Invocation>();
        var random = new Random(seed);
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length != 4 + Minutes)
            {
                throw new FormatException($"A row of an Azure Functions trace has {4 + Minutes} fields ({HeaderStart},1..{Minutes}); one has {fields.Length}.");
            }

            var action = ActionOf(fields[0], fields[2]);
            var timer = fields[3] == "timer";
            var second = random.NextDouble() * 60_000;
            for (var minute = 0; minute < Minutes; minute++)
            {
                var count = int.Parse(fields[4 + minute], CultureInfo.InvariantCulture);
                for (var i = 0; i < count; i++)
                {
                    var offset = timer ? second + (random.NextDouble() * 2_000) : random.NextDouble() * 60_000;
                    invocations.Add(action.At((long)((minute * 60_000.0) + Math.Min(offset, 59_999))));
                }
            }
        }

        invocations.Sort((a, b) => a.TimestampMs.CompareTo(b.TimestampMs));
        return invocations;
    }

    /// <summary>
    /// Writes a day of <paramref name="functions"/> functions: timers (every 1 minute to 6 hours), HTTP functions with
    /// heavy-tailed rates that follow the day, event functions in bursts, and rare ones.
    /// </summary>
    public static void Generate(string path, int functions, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        text.Append(HeaderStart);
        for (var minute = 1; minute <= Minutes; minute++)
        {
            text.Append(',').Append(minute.ToString(CultureInfo.InvariantCulture));
        }

        text.Append('\n');
        var counts = new int[Minutes];
        for (var f = 0; f < functions; f++)
        {
            Array.Clear(counts);
            var trigger = (f * 20 / functions) switch { < 7 => "timer", < 14 => "http", < 18 => "event", _ => "storage" };
            Fill(counts, trigger, random);
            text.Append(Hash(random)).Append(',').Append(Hash(random)).Append(',').Append(Hash(random)).Append(',').Append(trigger);
            foreach (var count in counts)
            {
                text.Append(',').Append(count.ToString(CultureInfo.InvariantCulture));
            }

            text.Append('\n');
        }

        File.WriteAllText(path, text.ToString());
    }

    private static void Fill(int[] counts, string trigger, Random random)
    {
        switch (trigger)
        {
            case "timer":
                int[] periods = [1, 5, 10, 15, 30, 60, 120, 240, 360];
                var period = periods[random.Next(periods.Length)];
                for (var m = random.Next(period); m < Minutes; m += period)
                {
                    counts[m] = 1;
                }

                break;
            case "http":
                // Log-uniform mean rate between once in ten hours and five a minute, higher by day than by night.
                var perMinute = Math.Exp(Math.Log(1.0 / 600) + (random.NextDouble() * Math.Log(3000)));
                for (var m = 0; m < Minutes; m++)
                {
                    counts[m] = Poisson(random, perMinute * (1 + (0.8 * Math.Sin((m - 360) * Math.PI / 720))));
                }

                break;
            case "event":
                var gap = random.Next(30, 240);
                for (var m = (int)SyntheticAction.Exponential(random, gap); m < Minutes; m += 1 + (int)SyntheticAction.Exponential(random, gap))
                {
                    var length = random.Next(1, 4);
                    for (var i = 0; i < length && m + i < Minutes; i++)
                    {
                        counts[m + i] = random.Next(5, 51);
                    }
                }

                break;
            default:
                for (var i = random.Next(1, 6); i > 0; i--)
                {
                    counts[random.Next(Minutes)]++;
                }

                break;
        }
    }

    private static int Poisson(Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var count = 0;
        for (var product = random.NextDouble(); product > limit; product *= random.NextDouble())
        {
            count++;
        }

        return count;
    }

    private static string Hash(Random random) => Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64())) + Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64()));

    private static SyntheticAction ActionOf(string owner, string function)
    {
        var seeded = new Random(StableHash(function));
        var template = SyntheticAction.Many(seeded, 1)[0];
        return template with { Namespace = "o" + owner[..Math.Min(8, owner.Length)], Name = "f" + function[..Math.Min(12, function.Length)], Kind = StableHash(owner) % 5 == 4 ? "python:3" : "nodejs:20" };
    }

    private static int StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash & 0x7fffffff);
    }
}
