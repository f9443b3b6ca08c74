using System.Globalization;
using System.Net.Http.Json;
using System.Text;

namespace OpenWhisk.Bench.PlatformBench;

/// <summary>
/// What journaling accepted activations costs: non-blocking invocations (the ones journaled; a blocking call
/// answered with its record writes no note) of a warm noop action through <c>lean</c>, on a fresh standalone with
/// the journal and one without, in the order on, off, off, on so that drift between runs cancels out.
/// </summary>
internal static class JournalCost
{
    public static async Task<BenchEntry> MeasureAsync(string data, string guestKey, string noop, TimeSpan warmUp, TimeSpan measure)
    {
        var with = new List<double>();
        var without = new List<double>();
        foreach (var journal in new[] { true, false, false, true })
        {
            var rps = await RunAsync(data, guestKey, noop, journal, warmUp, measure);
            (journal ? with : without).Add(rps);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"non-blocking invocations, journal {(journal ? "on" : "off")}: {rps:F0} rps"));
        }

        var on = with.Average();
        var off = without.Average();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"journal cost: {on:F0} vs {off:F0} rps, {on / off:P1}"));
        return new BenchEntry
        {
            Scenario = "journal-cost",
            Rps = on,
            BaselineRps = off,
            Target = "non-blocking rps with the journal >= 95 % of without",
            Met = on >= 0.95 * off,
        };
    }

    private static async Task<double> RunAsync(string data, string guestKey, string noop, bool journal, TimeSpan warmUp, TimeSpan measure)
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
                "--Limits:InvocationsPerMinute=100000000", "--Limits:ConcurrentInvocations=100000",
                "--Logging:LogLevel:Default=Warning",
            ],
            Service.Answers(new Uri(url, "/invokers/ready")));
        using var api = new HttpClient { BaseAddress = url };
        api.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(guestKey)));
        (await api.PutAsJsonAsync("/api/v1/namespaces/_/actions/noop-journal?overwrite=true", new { exec = new { kind = "nodejs:20", code = noop } }))
            .EnsureSuccessStatusCode();
        var invoke = new Uri(url, "/api/v1/namespaces/_/actions/noop-journal?blocking=false");
        await Wrk.RunAsync(invoke, "{}", guestKey, 4, warmUp);
        var result = await Wrk.RunAsync(invoke, "{}", guestKey, 4, measure);
        return result.Errors > 0 ? throw new InvalidOperationException($"{result.Errors} failed non-blocking invocations") : result.Rps;
    }
}
