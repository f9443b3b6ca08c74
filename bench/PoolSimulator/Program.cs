using System.Text.Json;
using OpenWhisk.Bench.PoolSimulator;
using OpenWhisk.Common.Runtimes;

if (args.Contains("--help") || args.Contains("-h") || args.Contains("-?"))
{
    return await SimulatorSettings.Command.Parse(["--help"]).InvokeAsync();
}

SimulatorSettings settings;
try
{
    settings = SimulatorSettings.Parse(args);
}
catch (Exception exception) when (exception is ArgumentException or FormatException)
{
    Console.Error.WriteLine(exception.Message);
    return 2;
}

if (settings.GenerateAzureSample is { } samplePath)
{
    AzureTrace.Generate(samplePath, settings.Actions, settings.Seed);
    return 0;
}

var manifest = RuntimesManifest.Load(settings.ManifestPath ?? Path.Combine(AppContext.BaseDirectory, "config", "runtimes.json"));
var invocations = Workloads.Create(settings);
var results = new List<SimulationResult>();

// A short run per policy first, so that the decisions measured below run as steady-state code, not while the JIT tiers up.
var warmUp = invocations.Take(3_000).ToList();
foreach (var policy in settings.Policies)
{
    new PoolSimulation(settings, manifest).Run(warmUp, policy);
}

foreach (var policy in settings.Policies)
{
    var result = new PoolSimulation(settings, manifest).Run(invocations, policy);
    results.Add(results.Count == 0 ? result.ComparedTo(result) : result.ComparedTo(results[0]));
}

Console.WriteLine(JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull }));

var exit = 0;
foreach (var result in results)
{
    var placed = result.ColdStarts + result.PrewarmStarts + result.WarmStarts;
    if (placed != result.Invocations)
    {
        Console.Error.WriteLine($"Invariant broken under {result.Policy}: cold + prewarm + warm = {placed}, but {result.Invocations} invocations ran.");
        exit = 1;
    }
}

return exit;
