using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OpenWhisk.Bench.PlatformBench;

/// <summary>
/// Drives a POST endpoint with wrk (<c>--latency</c>), the way OpenWhisk's own <c>latency.sh</c> and
/// <c>throughput.sh</c> do, and reads percentiles and throughput from its report.
/// </summary>
internal static partial class Wrk
{
    public static async Task<WrkResult> RunAsync(Uri url, string body, string? basicAuth, int connections, TimeSpan duration)
    {
        var script = Path.Combine(Path.GetTempPath(), "owbench-" + Guid.NewGuid().ToString("N")[..8] + ".lua");
        var lua = new StringBuilder()
            .AppendLine("wrk.method = \"POST\"")
            .AppendLine(CultureInfo.InvariantCulture, $"wrk.body = [[{body}]]")
            .AppendLine("wrk.headers[\"Content-Type\"] = \"application/json\"");
        if (basicAuth is not null)
        {
            lua.AppendLine(CultureInfo.InvariantCulture, $"wrk.headers[\"Authorization\"] = \"Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes(basicAuth))}\"");
        }

        await File.WriteAllTextAsync(script, lua.ToString());
        try
        {
            var threads = Math.Min(connections, 2).ToString(CultureInfo.InvariantCulture);
            var seconds = Math.Max(1, (int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";
            using var wrk = Process.Start(new ProcessStartInfo(
                "wrk",
                ["--latency", "--timeout", "10s", "-t", threads, "-c", connections.ToString(CultureInfo.InvariantCulture), "-d", seconds, "-s", script, url.ToString()])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var output = await wrk.StandardOutput.ReadToEndAsync();
            await wrk.WaitForExitAsync();
            if (wrk.ExitCode != 0)
            {
                throw new InvalidOperationException("wrk failed: " + output + await wrk.StandardError.ReadToEndAsync());
            }

            return Parse(output);
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>Reads wrk's report: the latency distribution, <c>N requests in</c>, <c>Requests/sec</c> and errors.</summary>
    public static WrkResult Parse(string report)
    {
        double Percentile(string p) => Milliseconds(Regex.Match(report, @"^\s+" + p + @"%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline));
        var requests = long.Parse(RequestsLine().Match(report).Groups[1].Value, CultureInfo.InvariantCulture);
        var rps = double.Parse(RpsLine().Match(report).Groups[1].Value, CultureInfo.InvariantCulture);
        var non2xx = NonSuccessLine().Match(report) is { Success: true } n ? long.Parse(n.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socket = SocketErrorsLine().Match(report) is { Success: true } s
            ? s.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture))
            : 0;
        return new WrkResult(Percentile("50"), Percentile("99"), rps, requests, non2xx + socket);
    }

    private static double Milliseconds(Match match)
    {
        if (!match.Success)
        {
            throw new FormatException("wrk's report has no latency distribution");
        }

        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "us" => value / 1000,
            "s" => value * 1000,
            _ => value,
        };
    }

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RpsLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccessLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrorsLine();
}
