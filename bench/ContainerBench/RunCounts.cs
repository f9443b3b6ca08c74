using System.CommandLine;

namespace OpenWhisk.Bench.ContainerBench;

/// <summary>The command line of the container factory benchmarks, <c>[COLD] [WARM]</c> (parsed by System.CommandLine).</summary>
/// <param name="Cold">Cold starts to measure.</param>
/// <param name="Warm">Warm <c>/run</c> calls to measure.</param>
internal sealed record RunCounts(int Cold, int Warm)
{
    /// <summary>Parses <paramref name="args"/>; null after a usage error (printed) or after <c>--help</c>.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="description">What the benchmark measures, for <c>--help</c>.</param>
    /// <param name="exitCode">The exit code when null is returned.</param>
    /// <returns>The counts, or null.</returns>
    public static RunCounts? Parse(string[] args, string description, out int exitCode)
    {
        var cold = new Argument<int>("COLD") { Description = "Cold starts to measure.", DefaultValueFactory = _ => 10 };
        var warm = new Argument<int>("WARM") { Description = "Warm /run calls to measure.", DefaultValueFactory = _ => 3000 };
        foreach (var count in new[] { cold, warm })
        {
            count.Validators.Add(result =>
            {
                if (result.Tokens is [var token] && int.TryParse(token.Value, out var value) && value < 1)
                {
                    result.AddError($"{count.Name} must be at least 1.");
                }
            });
        }

        var parsed = new RootCommand(description) { cold, warm }.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        exitCode = 0;
        if (parsed.Errors.Count == 0 && parsed.Action is null)
        {
            return new RunCounts(parsed.GetValue(cold), parsed.GetValue(warm));
        }

        foreach (var error in parsed.Errors)
        {
            Console.Error.WriteLine(error.Message);
        }

        exitCode = parsed.Errors.Count > 0 ? 2 : parsed.Invoke();
        return null;
    }
}
