using System.Diagnostics;

namespace OpenWhisk.TestSupport;

/// <summary>Runs a command line tool (npm, node, curl, docker-compose) to its end and returns its exit code and output.</summary>
public static class ExternalCommand
{
    /// <summary>Runs <paramref name="command"/>; one that outlives <paramref name="limit"/> is killed and reported as exit code -1.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string command, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string workingDirectory, TimeSpan limit)
    {
        var start = new ProcessStartInfo(command) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{command} did not finish within {limit}: {await output}{await error}");
        }

        return (process.ExitCode, await output + await error);
    }
}
