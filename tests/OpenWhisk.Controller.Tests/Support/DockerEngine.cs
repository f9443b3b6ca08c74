using System.Diagnostics;
using System.Globalization;

namespace OpenWhisk.Controller.Tests.Support;

/// <summary>Restarts this machine's Docker engine the way an operator (or a crash and a supervisor) would.</summary>
internal static class DockerEngine
{
    private const string Log = "/var/log/openwhisk-dockerd.log";

    /// <summary>Stops dockerd (SIGTERM: it stops its containers), waits until it is gone, starts it again and waits until it answers.</summary>
    /// <returns>How long the engine was away.</returns>
    public static async Task<TimeSpan> RestartAsync()
    {
        var watch = Stopwatch.StartNew();
        var pid = int.Parse((await RunAsync("pidof", "dockerd")).Output.Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        if ((await File.ReadAllTextAsync($"/proc/{pid}/cgroup")).Contains("docker.service", StringComparison.Ordinal))
        {
            await RunAsync("systemctl", "restart", "docker");
        }
        else
        {
            var arguments = (await File.ReadAllTextAsync($"/proc/{pid}/cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
            await RunAsync("kill", "-TERM", pid.ToString(CultureInfo.InvariantCulture));
            for (var waited = 0; Directory.Exists($"/proc/{pid}"); waited++)
            {
                if (waited > 600)
                {
                    throw new TimeoutException("dockerd did not stop within a minute");
                }

                await Task.Delay(100);
            }

            // As scripts/common.sh starts it: in a session of its own, logging to the same file.
            var command = string.Join(' ', arguments.Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
            await RunAsync("sh", "-c", $"setsid {command} >>{Log} 2>&1 </dev/null &");
        }

        for (var attempt = 0; (await RunAsync("docker", "info")).ExitCode != 0; attempt++)
        {
            if (attempt > 120)
            {
                throw new TimeoutException("dockerd did not answer within a minute of its restart; see " + Log);
            }

            await Task.Delay(500);
        }

        return watch.Elapsed;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string command, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await Task.WhenAll(output, errors);
        return (process.ExitCode, await output);
    }
}
