using System.Globalization;
using System.Net.Http.Json;
using System.Text;

namespace OpenWhisk.Bench.PlatformBench;

/// <summary>
/// The standalone's resident memory under steady load (<c>rss-20k</c>, <c>rss-100k</c>): a fresh standalone runs
/// blocking invocations of a warm noop action at four connections; its RSS is read, after a short pause, once
/// 20 000 and once 100 000 invocations are done. It must stay under 150 MB and grow at most 5 % between the two.
/// </summary>
internal static class RssGrowth
{
    private const double LimitMb = 150;
    private const double MaxGrowth = 1.05;

    public static async Task<IReadOnlyList<BenchEntry>> MeasureAsync(string guestKey, string noop)
    {
        var data = Directory.CreateTempSubdirectory("ow-rss-").FullName;
        try
        {
            var (started, url) = await Service.StartStandaloneAsync("standalone-rss", data, "wskbenchrss");
            await using var standalone = started;
            using var api = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromMinutes(2) };
            api.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(guestKey)));
            (await api.PutAsJsonAsync("/api/v1/namespaces/_/actions/rss?overwrite=true", new { exec = new { kind = "nodejs:20", code = noop }, limits = new { concurrency = 1 } }))
                .EnsureSuccessStatusCode();
            var invoke = new Uri(url, "/api/v1/namespaces/_/actions/rss?blocking=true&result=true");

            var done = 0L;
            async Task<double> RssAfterAsync(long invocations)
            {
                while (done < invocations)
                {
                    done += (await Wrk.RunAsync(invoke, "{}", guestKey, 4, TimeSpan.FromSeconds(5))).Requests;
                }

                await Task.Delay(TimeSpan.FromSeconds(3));
                var rss = standalone.RssMb;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rss after {done} invocations: {rss:F1} MB"));
                return rss;
            }

            var at20k = await RssAfterAsync(20_000);
            var at100k = await RssAfterAsync(100_000);
            return
            [
                new BenchEntry { Scenario = "rss-20k", RssMb = at20k, Target = "<= 150 MB", Met = at20k <= LimitMb },
                new BenchEntry
                {
                    Scenario = "rss-100k",
                    RssMb = at100k,
                    Target = string.Create(CultureInfo.InvariantCulture, $"<= 150 MB, <= 1.05 x rss-20k ({at100k / at20k:F3} x)"),
                    Met = at100k <= LimitMb && at100k <= MaxGrowth * at20k,
                },
            ];
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
