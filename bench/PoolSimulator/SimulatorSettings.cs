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

    public const string Usage = """
        PoolSimulator: drives the real ContainerPool with the simulated container factory on virtual time.

          --workload zipf|uniform|bursty   synthetic workload (default zipf)
          --trace FILE.csv                 replay a trace: timestamp_ms,namespace,action,kind,memory_mb,duration_ms
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

        Prints one JSON object: invocations, coldStarts, prewarmStarts, warmStarts, evictions, bufferedMax,
        meanWaitMs, p99WaitMs, memoryMbSeconds (and the virtual and wall-clock durations).
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
                _ => throw new ArgumentException($"Unknown option '{args[i]}'.\n\n{Usage}"),
            };
        }

        return settings;
    }

    private static string Require(string? value, string option) =>
        value ?? throw new ArgumentException($"Option '{option}' needs a value.");

    private static int Int(string? value, string option) =>
        int.Parse(Require(value, option), CultureInfo.InvariantCulture);
}
