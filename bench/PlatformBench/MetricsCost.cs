using System.Globalization;
using System.Net.Http.Json;
using System.Text;

namespace OpenWhisk.Bench.PlatformBench;

/// <summary>
/// What metrics cost on throughput-lean's path (blocking invocations of a warm noop through <c>lean</c>, 4
/// connections): two standalones run side by side, one with <c>Telemetry:Metrics</c> on (scraped every 5 s, as
/// Prometheus would) and one with it off, and wrk drives them in turn, several rounds with the order swapped each
/// round. Taking turns within the same minutes cancels the drift that separates runs minutes apart (up to 10 % here);
/// the target compares requests per second, and the CPU each process spent per request is printed beside it.
/// </summary>
internal static class MetricsCost
{
    public static async Task<BenchEntry> MeasureAsync(string data, string guestKey, string noop, TimeSpan warmUp, TimeSpan measure, int rounds)
    {
        await using var on = await StartAsync(data, guestKey, noop, metrics: true);
        await using var off = await StartAsync(data, guestKey, noop, metrics: false);
        using var scraping = new CancellationTokenSource();
        var scraper = ScrapeAsync(on.Api, scraping.Token);
        await Wrk.RunAsync(on.Invoke, "{}", guestKey, 4, warmUp);
        await Wrk.RunAsync(off.Invoke, "{}", guestKey, 4, warmUp);

        var totals = new Dictionary<bool, (long Requests, double Seconds, double Cpu)> { [true] = default, [false] = default };
        for (var round = 0; round < rounds; round++)
        {
            foreach (var side in round % 2 == 0 ? new[] { on, off } : new[] { off, on })
            {
                var cpuBefore = side.Service.CpuSeconds;
                var result = await Wrk.RunAsync(side.Invoke, "{}", guestKey, 4, measure);
                var cpu = side.Service.CpuSeconds - cpuBefore;
                if (result.Errors > 0)
                {
                    throw new InvalidOperationException($"{result.Errors} failed blocking invocations");
                }

                var (requests, seconds, spent) = totals[side.Metrics];
                totals[side.Metrics] = (requests + result.Requests, seconds + measure.TotalSeconds, spent + cpu);
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"metrics {(side.Metrics ? "on " : "off")}: {result.Rps:F0} rps, {cpu * 1_000_000 / result.Requests:F0} us CPU per request"));
            }
        }

        await scraping.CancelAsync();
        await scraper;
        var rpsOn = totals[true].Requests / totals[true].Seconds;
        var rpsOff = totals[false].Requests / totals[false].Seconds;
        var cpuOn = totals[true].Cpu * 1000 / totals[true].Requests;
        var cpuOff = totals[false].Cpu * 1000 / totals[false].Requests;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"metrics cost: {rpsOn:F0} vs {rpsOff:F0} rps ({rpsOn / rpsOff:P1}); CPU per request {cpuOn * 1000:F0} vs {cpuOff * 1000:F0} us ({cpuOn / cpuOff:P1})"));
        return new BenchEntry
        {
            Scenario = "metrics-cost",
            P50Ms = cpuOn,
            BaselineP50Ms = cpuOff,
            Rps = rpsOn,
            BaselineRps = rpsOff,
            Target = "throughput-lean with metrics >= 98 % of without",
            Met = rpsOn >= 0.98 * rpsOff,
        };
    }

    private static async Task<Side> StartAsync(string data, string guestKey, string noop, bool metrics)
    {
        var port = Service.FreePort();
        var url = new Uri($"http://127.0.0.1:{port}");
        var service = await Service.StartAsync(
            "standalone-metrics-" + (metrics ? "on" : "off"),
            "src/Standalone/bin/Release/net10.0/OpenWhisk.Standalone.dll",
            ["--port", port.ToString(CultureInfo.InvariantCulture),
                "--Stores:Sqlite:Path=" + Path.Combine(data, $"metrics-{(metrics ? "on" : "off")}.db"),
                "--Activations:SpoolDirectory=" + Path.Combine(data, $"spool-metrics-{(metrics ? "on" : "off")}"),
                "--Invoker:UniqueName=wskbenchmetrics" + (metrics ? "on" : "off"),
                "--Telemetry:Metrics=" + (metrics ? "true" : "false"),
                "--Limits:InvocationsPerMinute=100000000", "--Limits:ConcurrentInvocations=100000000",
                "--Logging:LogLevel:Default=Warning",
            ],
            Service.Answers(new Uri(url, "/invokers/ready")));
        var api = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromMinutes(2) };
        api.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(guestKey)));
        (await api.PutAsJsonAsync("/api/v1/namespaces/_/actions/noop-metrics?overwrite=true", new { exec = new { kind = "nodejs:20", code = noop } }))
            .EnsureSuccessStatusCode();
        return new Side(service, api, new Uri(url, "/api/v1/namespaces/_/actions/noop-metrics?blocking=true"), metrics);
    }

    private static async Task ScrapeAsync(HttpClient api, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
                using var scraped = await api.GetAsync("/metrics", cancellationToken);
                scraped.EnsureSuccessStatusCode();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed record Side(Service Service, HttpClient Api, Uri Invoke, bool Metrics) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Api.Dispose();
            await Service.DisposeAsync();
        }
    }
}
