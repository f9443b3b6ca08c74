using System.Text.Json;
using OpenWhisk.Bench.PoolSimulator;
using OpenWhisk.Common.Runtimes;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(SimulatorSettings.Usage);
    return 0;
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

var manifest = RuntimesManifest.Load(settings.ManifestPath ?? Path.Combine(AppContext.BaseDirectory, "config", "runtimes.json"));
var invocations = Workloads.Create(settings);
var result = new PoolSimulation(settings, manifest).Run(invocations);
Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));

var placed = result.ColdStarts + result.PrewarmStarts + result.WarmStarts;
if (placed != result.Invocations)
{
    Console.Error.WriteLine($"Invariant broken: cold + prewarm + warm = {placed}, but {result.Invocations} invocations ran.");
    return 1;
}

return 0;
