using System.CommandLine;

namespace OpenWhisk.Bench.PlatformBench;

/// <summary>What <c>bench/run.sh</c> passes on: the run's length, or one scenario alone (parsed by System.CommandLine).</summary>
/// <param name="Quick">5 s per wrk run instead of 30 s, fewer rounds and samples.</param>
/// <param name="Alone">The scenario to run alone (<c>--rss</c>, <c>--journal-cost</c>, <c>--metrics-cost</c>, <c>--dotnet</c>, <c>--soak</c>), or null for all.</param>
/// <param name="SoakMinutes">How long the soak runs.</param>
internal sealed record BenchArguments(bool Quick, string? Alone, int SoakMinutes)
{
    /// <summary>The command-line name of each scenario that can run alone.</summary>
    public const string Rss = "--rss", JournalCost = "--journal-cost", MetricsCost = "--metrics-cost", Dotnet = "--dotnet", Soak = "--soak";

    /// <summary>Parses <paramref name="args"/>; null after a usage error (printed) or after <c>--help</c>.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="exitCode">The exit code when null is returned.</param>
    /// <returns>The arguments, or null.</returns>
    public static BenchArguments? Parse(string[] args, out int exitCode)
    {
        var quick = new Option<bool>("--quick") { Description = "5 s per wrk run (under 5 minutes) instead of 30 s." };
        var alone = new[]
        {
            new Option<bool>(Rss) { Description = "Only the memory scenario: a standalone's RSS after 20 000 and 100 000 invocations." },
            new Option<bool>(JournalCost) { Description = "Only the journal's cost, printed." },
            new Option<bool>(MetricsCost) { Description = "Only the metrics' cost (on and scraped against off), printed." },
            new Option<bool>(Dotnet) { Description = "Only the dotnet:10 runtime against the Node.js one (cold and warm), printed." },
        };
        var soak = new Option<int?>(Soak) { Description = "Only the soak: half of the standalone's capacity for MINUTES (default 10); writes bench/results/soak.json.", HelpName = "MINUTES", Arity = ArgumentArity.ZeroOrOne };
        var command = new RootCommand("PlatformBench: the platform against the physical limit of this machine, in one run; writes bench/results/latest.json.") { quick, soak };
        foreach (var option in alone)
        {
            command.Options.Add(option);
        }

        var parsed = command.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        exitCode = 0;
        if (parsed.Errors.Count > 0 || parsed.Action is not null)
        {
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine(error.Message);
            }

            exitCode = parsed.Errors.Count > 0 ? 2 : parsed.Invoke();
            return null;
        }

        var chosen = alone.Where(o => parsed.GetValue(o)).Select(o => o.Name).ToList();
        if (parsed.GetResult(soak) is not null)
        {
            chosen.Add(Soak);
        }

        if (chosen.Count > 1)
        {
            Console.Error.WriteLine($"Only one scenario can run alone; given: {string.Join(", ", chosen)}.");
            exitCode = 2;
            return null;
        }

        return new BenchArguments(parsed.GetValue(quick), chosen.SingleOrDefault(), parsed.GetValue(soak) ?? 10);
    }
}
