using System.Globalization;

namespace OpenWhisk.Bench.PoolSimulator;

/// <summary>The simulator's command line.</summary>
internal sealed record SimulatorSettings
{
    public string Workload { get; init; } = "zipf";

    public string? TracePath { get; init; }

    public int Actions { get; init; } = 100;

    public int Invocations { get; init; } = 10_000;

    public double Rate { get; init; } = 50;

    public int Seed { get; init; } = 42;

    public int UserMemoryMb { get; init; } = 2048;

    public TimeSpan PauseGrace { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    public TimeSpan CreateLatency { get; init; } = TimeSpan.FromMilliseconds(500);

    public string? ManifestPath { get; init; }

    public int? MaxPeek { get; init; }

    /// <summary>The policies to run the workload under, in order (the first is the baseline of the ratios).</summary>
    public IReadOnlyList<string> Policies { get; init; } = ["openwhisk"];

    public double Hours { get; init; } = 12;

    public string? GenerateAzureSample { get; init; }

    public const string Usage = """
        PoolSimulator: drives the real ContainerPool with the simulated container factory on virtual time.

          --workload zipf|uniform|bursty|periodic-bursty
                                           synthetic workload (default zipf; periodic-bursty with --compare)
          --trace FILE.csv                 replay a trace: timestamp_ms,namespace,action,kind,memory_mb,duration_ms,
                                           or the Azure Functions 2019 shape (HashOwner,HashApp,HashFunction,Trigger,1..1440)
          --policy NAME                    the pool's scheduling policy: openwhisk (default) or adaptive
          --compare NAME,NAME              replay the same workload under each policy, side by side
          --hours H                        virtual hours of the periodic-bursty workload (default 12)
          --generate-azure-sample FILE     write a day of --actions functions in the Azure trace's shape and exit
          --actions N                      distinct actions of a synthetic workload (default 100)
          --invocations N                  invocations of a synthetic workload (default 10000)
          --rate R                         mean arrivals per second (default 50)
          --seed N                         random seed (default 42)
          --user-memory MB                 pool memory (default 2048)
          --pause-grace SECONDS            (default 10)
          --idle-timeout SECONDS           (default 600)
          --create-ms MS                   container creation latency (default 500)
          --manifest FILE                  runtimes manifest with stem cells (default config/runtimes.json)
          --max-peek N                     activations taken from the bus at once (default userMemory/128)

        Prints a JSON array with one object per policy: policy, invocations, coldStarts, prewarmStarts, warmStarts,
        preparations, evictions, bufferedMax, meanWaitMs, p99WaitMs, memoryMbSeconds, the policy's decisions and their
        mean cost in microseconds, and ratios of cold starts and memory to the first policy's.
        """;

    public static SimulatorSettings Parse(string[] args)
    {
        var settings = new SimulatorSettings();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            settings = args[i] switch
            {
                "--workload" => settings with { Workload = Require(value, args[i++]) },
                "--trace" => settings with { TracePath = Require(value, args[i++]) },
                "--actions" => settings with { Actions = Int(value, args[i++]) },
                "--invocations" => settings with { Invocations = Int(value, args[i++]) },
                "--rate" => settings with { Rate = double.Parse(Require(value, args[i++]), CultureInfo.InvariantCulture) },
                "--seed" => settings with { Seed = Int(value, args[i++]) },
                "--user-memory" => settings with { UserMemoryMb = Int(value, args[i++]) },
                "--pause-grace" => settings with { PauseGrace = TimeSpan.FromSeconds(Int(value, args[i++])) },
                "--idle-timeout" => settings with { IdleTimeout = TimeSpan.FromSeconds(Int(value, args[i++])) },
                "--create-ms" => settings with { CreateLatency = TimeSpan.FromMilliseconds(Int(value, args[i++])) },
                "--manifest" => settings with { ManifestPath = Require(value, args[i++]) },
                "--max-peek" => settings with { MaxPeek = Int(value, args[i++]) },
                "--policy" => settings with { Policies = [Require(value, args[i++])] },
                "--compare" => settings with
                {
                    Policies = Require(value, args[i++]).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                    Workload = args.Contains("--workload") ? settings.Workload : "periodic-bursty",
                },
                "--hours" => settings with { Hours = double.Parse(Require(value, args[i++]), CultureInfo.InvariantCulture) },
                "--generate-azure-sample" => settings with { GenerateAzureSample = Require(value, args[i++]) },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'.\n\n{Usage}"),
            };
        }

        foreach (var policy in settings.Policies)
        {
            if (policy is not ("openwhisk" or "adaptive"))
            {
                throw new ArgumentException($"Unknown policy '{policy}'; use openwhisk or adaptive.");
            }
        }

        return settings;
    }

    private static string Require(string? value, string option) =>
        value ?? throw new ArgumentException($"Option '{option}' needs a value.");

    private static int Int(string? value, string option) =>
        int.Parse(Require(value, option), CultureInfo.InvariantCulture);
}
