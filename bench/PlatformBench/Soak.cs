using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace OpenWhisk.Bench.PlatformBench;

/// <summary>
/// A long run at half of the standalone's measured capacity (<c>bench/run.sh --soak</c>): blocking invocations of a
/// warm noop action at a steady rate; the process's memory, open files and threads and the engine's containers are
/// sampled along the way and must stay flat, and no invocation may fail or end without its record.
/// </summary>
internal static class Soak
{
    private const int Workers = 8;

    /// <summary><c>--soak</c>: the soak alone, written to <c>bench/results/soak.json</c>.</summary>
    public static async Task RunAloneAsync(TimeSpan duration, string guestKey, string noop)
    {
        using var engine = new DockerClientConfiguration(new Uri("unix:///var/run/docker.sock")).CreateClient(new System.Version(1, 41));
        var soak = await RunAsync(duration, guestKey, noop, engine);
        var soakFile = Path.Combine(Repository.Root, "bench/results/soak.json");
        var options = new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
        await File.WriteAllTextAsync(soakFile, JsonSerializer.Serialize(new[] { soak }, options));
        Console.WriteLine($"soak {(soak.Met ? "met" : "NOT met")}: {soak.Target}; written {soakFile}");
    }

    public static async Task<BenchEntry> RunAsync(TimeSpan duration, string guestKey, string noop, DockerClient docker)
    {
        var data = Directory.CreateTempSubdirectory("ow-soak-").FullName;
        try
        {
            var (started, url) = await Service.StartStandaloneAsync("standalone-soak", data, "wskbenchsoak");
            await using var standalone = started;
            using var api = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromMinutes(2) };
            api.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(guestKey)));
            (await api.PutAsJsonAsync("/api/v1/namespaces/_/actions/soak?overwrite=true", new { exec = new { kind = "nodejs:20", code = noop } })).EnsureSuccessStatusCode();
            var invoke = new Uri(url, "/api/v1/namespaces/_/actions/soak?blocking=true");

            // Capacity: blocking invocations at 4 connections, after a warm-up.
            await Wrk.RunAsync(invoke, "{}", guestKey, 4, TimeSpan.FromSeconds(10));
            var capacity = (await Wrk.RunAsync(invoke, "{}", guestKey, 4, TimeSpan.FromSeconds(10))).Rps;
            var rate = capacity / 2;
            var before = await ActivationCount.OfAsync(api);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"soak: capacity {capacity:F0} rps; {rate:F0} rps for {duration.TotalMinutes:F0} minutes"));

            var load = new SteadyLoad(api, invoke, rate);
            var running = load.RunAsync(duration, Workers);
            var samples = new List<SoakSample>();
            var clock = Stopwatch.StartNew();
            var every = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(5).Ticks, duration.Ticks / 20));
            while (!running.IsCompleted)
            {
                samples.Add(await SampleAsync(standalone.ProcessId, docker, clock.Elapsed, load.Completed));
                Console.WriteLine(Format(samples[^1]));
                await Task.WhenAny(running, Task.Delay(every));
            }

            await running;
            samples.Add(await SampleAsync(standalone.ProcessId, docker, clock.Elapsed, load.Completed));
            Console.WriteLine(Format(samples[^1]));
            var stored = await ActivationCount.OfAsync(api) - before;
            return Verdict(samples, load, stored, rate, capacity);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>Flat: the last sample against the first one after the first tenth of the run (warm caches, JIT done).</summary>
    private static BenchEntry Verdict(List<SoakSample> samples, SteadyLoad load, long stored, double rate, double capacity)
    {
        var settled = samples.First(s => s.Minute >= samples[^1].Minute / 10);
        var last = samples[^1];
        var rssGrowth = last.RssMb - settled.RssMb;
        var flat = rssGrowth <= Math.Max(10, settled.RssMb * 0.1)
            && last.OpenFiles - settled.OpenFiles <= 20
            && last.Threads - settled.Threads <= 10
            && last.Containers - settled.Containers <= 2;
        var achieved = load.Completed / samples[^1].Minute / 60;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"soak: {load.Completed} invocations ({achieved:F0} rps), {load.Failed} failed, {stored} records stored; from minute {settled.Minute:F1} to {last.Minute:F1}: rss {rssGrowth:+0.0;-0.0} MB, open files {last.OpenFiles - settled.OpenFiles:+0;-0}, threads {last.Threads - settled.Threads:+0;-0}, containers {last.Containers - settled.Containers:+0;-0}"));
        return new BenchEntry
        {
            Scenario = "soak",
            Rps = achieved,
            BaselineRps = capacity,
            RssMb = last.RssMb,
            Target = string.Create(CultureInfo.InvariantCulture, $"{samples[^1].Minute:F0} min at half capacity: rss, files, threads, containers flat; no failure; every record stored"),
            Met = flat && load.Failed == 0 && stored == load.Completed && achieved >= rate * 0.9,
        };
    }

    private static string Format(SoakSample s) => string.Create(
        CultureInfo.InvariantCulture,
        $"  minute {s.Minute,5:F1}: rss {s.RssMb,6:F1} MB, open files {s.OpenFiles,4}, threads {s.Threads,3}, containers {s.Containers,2}, invocations {s.Completed}");

    private static async Task<SoakSample> SampleAsync(int pid, DockerClient docker, TimeSpan elapsed, long completed)
    {
        var status = await File.ReadAllLinesAsync($"/proc/{pid}/status");
        double Field(string name) => double.Parse(status.First(l => l.StartsWith(name, StringComparison.Ordinal)).Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { ["net.openwhisk.managed=true"] = true } },
        });
        return new SoakSample(elapsed.TotalMinutes, Field("VmRSS:") / 1024, Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length, (int)Field("Threads:"), containers.Count, completed);
    }
}
