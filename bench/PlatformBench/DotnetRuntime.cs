using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using OpenWhisk.Bench.ContainerBench;
using OpenWhisk.TestSupport;

namespace OpenWhisk.Bench.PlatformBench;

/// <summary>
/// The <c>dotnet:10</c> runtime against the Node.js one, on one standalone, taking turns: a noop C# action with
/// OpenWhisk's .NET signature (Newtonsoft.Json's JObject, published and zipped as its author would) against the
/// noop Node.js action. Cold: the first invocation of a new 512 MB action (no stem cell has that memory, so each
/// starts a container), rounds alternating between the two kinds. Warm: wrk with one connection, two turns each.
/// </summary>
internal static class DotnetRuntime
{
    private const string NoopSource = """
        using Newtonsoft.Json.Linq;

        namespace Bench;

        public class Noop
        {
            public JObject Main(JObject args) => new JObject();
        }
        """;

    public static async Task<IReadOnlyList<BenchEntry>> MeasureAsync(string data, string guestKey, string noop, TimeSpan warmUp, TimeSpan measure, int firsts)
    {
        var code = await DotnetActionBuilder.BuildAsync("Bench.Noop", NoopSource, ("Newtonsoft.Json", "13.0.4"));
        var port = Service.FreePort();
        var url = new Uri($"http://127.0.0.1:{port}");
        await using var standalone = await Service.StartAsync(
            "standalone-dotnet",
            "src/Standalone/bin/Release/net10.0/OpenWhisk.Standalone.dll",
            ["--port", port.ToString(CultureInfo.InvariantCulture),
                "--Stores:Sqlite:Path=" + Path.Combine(data, "dotnet.db"),
                "--Activations:SpoolDirectory=" + Path.Combine(data, "spool-dotnet"),
                "--Invoker:UniqueName=wskbenchdotnet",
                "--Limits:InvocationsPerMinute=100000000", "--Limits:ConcurrentInvocations=100000",
                "--Logging:LogLevel:Default=Warning",

                // Room for every cold round's container, so that no cold start waits for an eviction.
                "--Invoker:Pool:UserMemoryMb=16384",
            ],
            Service.Answers(new Uri(url, "/invokers/ready")));
        using var api = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromMinutes(2) };
        api.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(guestKey)));
        async Task PutAsync(string name, bool dotnet, int memoryMb)
        {
            object exec = dotnet ? new { kind = "dotnet:10", code, main = "Bench.Noop::Bench.Noop::Main" } : new { kind = "nodejs:20", code = noop };
            (await api.PutAsJsonAsync($"/api/v1/namespaces/_/actions/{name}?overwrite=true", new { exec, limits = new { memory = memoryMb } }))
                .EnsureSuccessStatusCode();
        }

        async Task<double> FirstCallMsAsync(string name)
        {
            var clock = Stopwatch.StartNew();
            (await api.PostAsJsonAsync($"/api/v1/namespaces/_/actions/{name}?blocking=true&result=true", new { })).EnsureSuccessStatusCode();
            return clock.Elapsed.TotalMilliseconds;
        }

        // Cold: the first round of each warms the engine and the image caches and is not counted.
        var cold = new Dictionary<bool, Samples> { [true] = new("cold dotnet"), [false] = new("cold nodejs") };
        for (var round = 0; round <= firsts; round++)
        {
            foreach (var dotnet in round % 2 == 0 ? new[] { true, false } : new[] { false, true })
            {
                var name = $"cold-{(dotnet ? "dotnet" : "nodejs")}-{round}";
                await PutAsync(name, dotnet, 512);
                var elapsed = await FirstCallMsAsync(name);
                if (round > 0)
                {
                    cold[dotnet].Add(TimeSpan.FromMilliseconds(elapsed));
                }

                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }

        // Warm: one connection, turns alternating, two each.
        await PutAsync("warm-dotnet", dotnet: true, 256);
        await PutAsync("warm-nodejs", dotnet: false, 256);
        var warm = new Dictionary<bool, List<WrkResult>> { [true] = [], [false] = [] };
        foreach (var dotnet in new[] { true, false })
        {
            await Wrk.RunAsync(Invoke(url, dotnet), "{}", guestKey, 1, warmUp);
        }

        foreach (var dotnet in new[] { true, false, false, true })
        {
            var result = await Wrk.RunAsync(Invoke(url, dotnet), "{}", guestKey, 1, measure);
            if (result.Errors > 0)
            {
                throw new InvalidOperationException($"{result.Errors} failed warm calls");
            }

            warm[dotnet].Add(result);
        }

        var warmDotnet = warm[true].Average(r => r.P50Ms);
        var warmNode = warm[false].Average(r => r.P50Ms);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"dotnet:10 against nodejs:20: cold p50 {cold[true].Median:F1} vs {cold[false].Median:F1} ms ({cold[true].Median / cold[false].Median:F2} x); warm p50 {warmDotnet:F3} vs {warmNode:F3} ms (+{warmDotnet - warmNode:F3} ms)"));
        return
        [
            new BenchEntry
            {
                Scenario = "cold-dotnet",
                P50Ms = cold[true].Median,
                P99Ms = cold[true].Percentile(0.99),
                BaselineP50Ms = cold[false].Median,
                Target = "p50 <= 2 x the Node.js runtime's cold start",
                Met = cold[true].Median <= 2 * cold[false].Median,
            },
            new BenchEntry
            {
                Scenario = "warm-dotnet",
                P50Ms = warmDotnet,
                P99Ms = warm[true].Average(r => r.P99Ms),
                Rps = warm[true].Average(r => r.Rps),
                BaselineP50Ms = warmNode,
                BaselineRps = warm[false].Average(r => r.Rps),
                Target = "p50 <= the Node.js runtime's warm p50 + 0.2 ms",
                Met = warmDotnet <= warmNode + 0.2,
            },
        ];
    }

    private static Uri Invoke(Uri url, bool dotnet) =>
        new(url, $"/api/v1/namespaces/_/actions/warm-{(dotnet ? "dotnet" : "nodejs")}?blocking=true&result=true");
}
