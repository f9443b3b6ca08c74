using System.Globalization;
using System.Net.Http.Json;
using System.Text;

namespace OpenWhisk.Bench.PlatformBench;

/// <summary>
/// What journaling accepted activations costs: non-blocking invocations (the ones journaled; a blocking call
/// answered with its record writes no note) of a warm noop action through <c>lean</c>, on a fresh standalone with
/// the journal and one without, three each in the order on, off, off, on, on, off so that drift between runs cancels out
/// (two fresh standalones of the same configuration differ by up to 8 % here). Two numbers
/// each: the CPU the standalone spends per activation at a steady rate every configuration sustains (what bounds
/// throughput on a CPU-bound machine; the target), and how fast 4 connections get their 202s (the caller's view;
/// without the journal a 202 does not wait for anything, and arrives faster than the invoker completes them).
/// </summary>
internal static class JournalCost
{
    /// <summary>The steady rate: below the non-blocking completions either configuration sustains here.</summary>
    private const double SteadyRate = 600;

    public static async Task<BenchEntry> MeasureAsync(string data, string guestKey, string noop, TimeSpan warmUp, TimeSpan measure)
    {
        var with = new List<(double CpuMs, double Rps)>();
        var without = new List<(double CpuMs, double Rps)>();
        foreach (var journal in new[] { true, false, false, true, true, false })
        {
            var run = await RunAsync(data, guestKey, noop, journal, warmUp, measure);
            (journal ? with : without).Add(run);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"non-blocking, journal {(journal ? "on " : "off")}: {run.CpuMs * 1000:F0} us CPU per activation at {SteadyRate:F0}/s; 202s at 4 connections: {run.Rps:F0} rps"));
        }

        var cpuOn = with.Average(r => r.CpuMs);
        var cpuOff = without.Average(r => r.CpuMs);
        var rpsOn = with.Average(r => r.Rps);
        var rpsOff = without.Average(r => r.Rps);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"journal cost: CPU per activation {cpuOn * 1000:F0} vs {cpuOff * 1000:F0} us ({cpuOn / cpuOff:P1}); 202s {rpsOn:F0} vs {rpsOff:F0} rps ({rpsOn / rpsOff:P1})"));
        return new BenchEntry
        {
            Scenario = "journal-cost",
            P50Ms = cpuOn,
            BaselineP50Ms = cpuOff,
            Rps = rpsOn,
            BaselineRps = rpsOff,
            Target = "CPU per non-blocking activation with the journal <= 105 % of without",
            Met = cpuOn <= 1.05 * cpuOff,
        };
    }

    private static async Task<(double CpuMs, double Rps)> RunAsync(string data, string guestKey, string noop, bool journal, TimeSpan warmUp, TimeSpan measure)
    {
        var port = Service.FreePort();
        var url = new Uri($"http://127.0.0.1:{port}");
        var database = Path.Combine(data, $"journal-{Guid.NewGuid():N}.db");
        await using var standalone = await Service.StartAsync(
            "standalone-journal-" + (journal ? "on" : "off"),
            "src/Controller/bin/Release/net10.0/OpenWhisk.Controller.dll",
            [
                "--role", "standalone", "--port", port.ToString(CultureInfo.InvariantCulture),
                "--Stores:Sqlite:Path=" + database, "--Invoker:UniqueName=wskbenchjournal",
                "--Journal:Enabled=" + (journal ? "true" : "false"),
                "--Limits:InvocationsPerMinute=100000000", "--Limits:ConcurrentInvocations=100000000",
                "--Logging:LogLevel:Default=Warning",
            ],
            Service.Answers(new Uri(url, "/invokers/ready")));
        using var api = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromMinutes(2) };
        api.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(guestKey)));
        (await api.PutAsJsonAsync("/api/v1/namespaces/_/actions/noop-journal?overwrite=true", new { exec = new { kind = "nodejs:20", code = noop } }))
            .EnsureSuccessStatusCode();
        var invoke = new Uri(url, "/api/v1/namespaces/_/actions/noop-journal?blocking=false");

        // The CPU per activation at a steady rate, from the first request until every record is stored.
        var steady = new SteadyLoad(api, invoke, SteadyRate);
        await steady.RunAsync(warmUp, 8);
        await DrainAsync(api, steady.Completed);
        var before = await ActivationCount.OfAsync(api);
        var cpuBefore = standalone.CpuSeconds;
        steady = new SteadyLoad(api, invoke, SteadyRate);
        await steady.RunAsync(measure, 8);
        await DrainAsync(api, before + steady.Completed);
        var cpu = standalone.CpuSeconds - cpuBefore;
        if (steady.Failed > 0)
        {
            throw new InvalidOperationException($"{steady.Failed} failed non-blocking invocations");
        }

        // The 202s at 4 connections, as fast as they come: 5 s at most, since without the journal they pile up work
        // (about 7 000 a second against about 1 000 completed) that the standalone still holds when it stops.
        var result = await Wrk.RunAsync(invoke, "{}", guestKey, 4, measure < TimeSpan.FromSeconds(5) ? measure : TimeSpan.FromSeconds(5));
        return result.Errors > 0
            ? throw new InvalidOperationException($"{result.Errors} failed non-blocking invocations")
            : (cpu * 1000 / steady.Completed, result.Rps);
    }

    /// <summary>Waits until the namespace holds <paramref name="expected"/> records (every accepted activation completed).</summary>
    private static async Task DrainAsync(HttpClient api, long expected)
    {
        for (var attempt = 0; attempt < 600 && await ActivationCount.OfAsync(api) < expected; attempt++)
        {
            await Task.Delay(100);
        }
    }
}
