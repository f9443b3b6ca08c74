using System.CommandLine;

namespace OpenWhisk.Bench.PoolSimulator;

/// <summary>The simulator's settings, from its command line (<see cref="Command"/>, parsed by System.CommandLine).</summary>
internal sealed record SimulatorSettings
{
    private static readonly string[] KnownPolicies = ["openwhisk", "adaptive"];

    private static readonly Option<string?> WorkloadOption = new("--workload")
    {
        HelpName = "NAME",
        Description = "Synthetic workload: zipf (default), uniform, bursty or periodic-bursty (the default with --compare).",
    };

    private static readonly Option<string?> TraceOption = new("--trace")
    {
        HelpName = "FILE",
        Description = "Replay a trace: timestamp_ms,namespace,action,kind,memory_mb,duration_ms, or the Azure Functions 2019 shape (HashOwner,HashApp,HashFunction,Trigger,1..1440).",
    };

    private static readonly Option<string> PolicyOption = new("--policy") { Description = "The pool's scheduling policy.", DefaultValueFactory = _ => "openwhisk" };
    private static readonly Option<string?> CompareOption = new("--compare") { HelpName = "NAME,NAME", Description = "Replay the same workload under each policy (NAME,NAME), side by side." };
    private static readonly Option<double> HoursOption = new("--hours") { HelpName = "H", Description = "Virtual hours of the periodic-bursty workload.", DefaultValueFactory = _ => 12 };
    private static readonly Option<string?> AzureSampleOption = new("--generate-azure-sample") { HelpName = "FILE", Description = "Write a day of --actions functions in the Azure trace's shape to FILE and exit." };
    private static readonly Option<int> ActionsOption = new("--actions") { HelpName = "N", Description = "Distinct actions of a synthetic workload.", DefaultValueFactory = _ => 100 };
    private static readonly Option<int> InvocationsOption = new("--invocations") { HelpName = "N", Description = "Invocations of a synthetic workload.", DefaultValueFactory = _ => 10_000 };
    private static readonly Option<double> RateOption = new("--rate") { HelpName = "R", Description = "Mean arrivals per second.", DefaultValueFactory = _ => 50 };
    private static readonly Option<int> SeedOption = new("--seed") { HelpName = "N", Description = "Random seed.", DefaultValueFactory = _ => 42 };
    private static readonly Option<int> UserMemoryOption = new("--user-memory") { HelpName = "MB", Description = "Pool memory in MB.", DefaultValueFactory = _ => 2048 };
    private static readonly Option<int> PauseGraceOption = new("--pause-grace") { HelpName = "SECONDS", Description = "Seconds before an idle container is paused.", DefaultValueFactory = _ => 10 };
    private static readonly Option<int> IdleTimeoutOption = new("--idle-timeout") { HelpName = "SECONDS", Description = "Seconds before an idle container is removed.", DefaultValueFactory = _ => 600 };
    private static readonly Option<int> CreateMsOption = new("--create-ms") { HelpName = "MS", Description = "Container creation latency in milliseconds.", DefaultValueFactory = _ => 500 };
    private static readonly Option<string?> ManifestOption = new("--manifest") { HelpName = "FILE", Description = "Runtimes manifest with stem cells (default config/runtimes.json)." };
    private static readonly Option<int?> MaxPeekOption = new("--max-peek") { HelpName = "N", Description = "Activations taken from the bus at once (default user memory / 128)." };

    static SimulatorSettings() => PolicyOption.AcceptOnlyFromAmong(KnownPolicies);

    /// <summary>Gets the command line: its options, and the output described for <c>--help</c>.</summary>
    public static RootCommand Command { get; } = new(
        "PoolSimulator: drives the real ContainerPool with the simulated container factory on virtual time. Prints a JSON "
        + "array with one object per policy: policy, invocations, coldStarts, prewarmStarts, warmStarts, preparations, "
        + "evictions, bufferedMax, meanWaitMs, p99WaitMs, memoryMbSeconds, the policy's decisions and their mean cost in "
        + "microseconds, and ratios of cold starts and memory to the first policy's.")
    {
        WorkloadOption, TraceOption, PolicyOption, CompareOption, HoursOption, AzureSampleOption, ActionsOption, InvocationsOption,
        RateOption, SeedOption, UserMemoryOption, PauseGraceOption, IdleTimeoutOption, CreateMsOption, ManifestOption, MaxPeekOption,
    };

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

    /// <summary>The settings <paramref name="args"/> give.</summary>
    /// <exception cref="ArgumentException">An unknown option or policy, a missing or malformed value.</exception>
    public static SimulatorSettings Parse(string[] args)
    {
        var result = Command.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (result.Errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, result.Errors.Select(e => e.Message)) + Environment.NewLine + "See: PoolSimulator --help");
        }

        var compared = result.GetValue(CompareOption)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var unknown in (compared ?? []).Where(p => !KnownPolicies.Contains(p)))
        {
            throw new ArgumentException($"Unknown policy '{unknown}'; use {string.Join(" or ", KnownPolicies)}.");
        }

        return new SimulatorSettings
        {
            Workload = result.GetValue(WorkloadOption) ?? (compared is null ? "zipf" : "periodic-bursty"),
            TracePath = result.GetValue(TraceOption),
            Actions = result.GetValue(ActionsOption),
            Invocations = result.GetValue(InvocationsOption),
            Rate = result.GetValue(RateOption),
            Seed = result.GetValue(SeedOption),
            UserMemoryMb = result.GetValue(UserMemoryOption),
            PauseGrace = TimeSpan.FromSeconds(result.GetValue(PauseGraceOption)),
            IdleTimeout = TimeSpan.FromSeconds(result.GetValue(IdleTimeoutOption)),
            CreateLatency = TimeSpan.FromMilliseconds(result.GetValue(CreateMsOption)),
            ManifestPath = result.GetValue(ManifestOption),
            MaxPeek = result.GetValue(MaxPeekOption),
            Policies = compared ?? [result.GetValue(PolicyOption)!],
            Hours = result.GetValue(HoursOption),
            GenerateAzureSample = result.GetValue(AzureSampleOption),
        };
    }
}
