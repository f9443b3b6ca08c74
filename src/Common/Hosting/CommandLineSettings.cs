using System.CommandLine;

namespace OpenWhisk.Common.Hosting;

/// <summary>
/// The command line of the hosts' admin commands: parsing, and the configuration settings a command accepts after
/// its own arguments, written as on the host's command line (<c>--Section:Key=value</c>).
/// </summary>
public static class CommandLineSettings
{
    /// <summary>
    /// Parses and runs an admin command line. Arguments are taken as written (one starting with @ is not a response
    /// file); parse errors are printed with where to find help, and exit with 2.
    /// </summary>
    /// <param name="root">The command tree.</param>
    /// <param name="args">The command line.</param>
    /// <param name="help">The command that shows help, for the error output.</param>
    /// <returns>The exit code.</returns>
    public static Task<int> InvokeAsync(RootCommand root, string[] args, string help)
    {
        ArgumentNullException.ThrowIfNull(root);
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count == 0)
        {
            return parse.InvokeAsync();
        }

        foreach (var error in parse.Errors)
        {
            Console.Error.WriteLine(error.Message);
        }

        Console.Error.WriteLine("See: " + help);
        return Task.FromResult(2);
    }

    /// <summary>The settings left over by the parse; anything else left over is reported and refused.</summary>
    /// <param name="result">The parse result of a command that does not treat unmatched tokens as errors.</param>
    /// <returns>The settings, or <see langword="null"/> when something else was left over (a usage error).</returns>
    public static string[]? From(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var unmatched = result.UnmatchedTokens;
        var refused = unmatched.Where(t => !(t.StartsWith("--", StringComparison.Ordinal) && t.Contains('=', StringComparison.Ordinal))).ToList();
        if (refused.Count > 0)
        {
            Console.Error.WriteLine("Unrecognized: " + string.Join(' ', refused) + " (settings are --Section:Key=value)");
            return null;
        }

        return [.. unmatched];
    }
}
