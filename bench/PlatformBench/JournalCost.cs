using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;

namespace OpenWhisk.Bench.PlatformBench;

/// <summary>
/// What journaling accepted activations costs: non-blocking invocations (the ones journaled; a blocking call
/// answered with its record writes no note) of a warm noop action through <c>lean</c>. Two standalones run side by
/// side, one with the journal and one without, and a steady load drives them in turn, several rounds with the order
/// swapped each round: taking turns within the same minutes cancels the drift that separates fresh standalones
/// started minutes apart (up to 8 % here), which made the earlier one-after-another design swing between 100 and
/// 108 %. The CPU each standalone spends is counted from the first round until the journal has swept the notes of
/// the last one (so the sweep's reading and rewriting of segments is part of the cost), less the CPU it spends idle
/// while the other one takes its turn (measured before the rounds), per activation. Beside it, how fast 4
/// connections get their 202s (the caller's view; without the journal a 202 does not wait for anything). With
/// <c>OW_BENCH_JOURNAL_AA</c> set, both standalones run without the journal: a control of the design itself.
/// </summary>
internal static class JournalCost
{
    /// <summary>The steady rate: below the non-blocking completions either configuration sustains here.</summary>
    private const double SteadyRate = 600;

    /// <summary>A segment's window (10 s), its grace (30 s) and the sweep interval (30 s), with room to spare.</summary>
    private static readonly TimeSpan SweepSettle = TimeSpan.FromSeconds(75);

    public static async Task<BenchEntry> MeasureAsync(string data, string guestKey, string noop, TimeSpan warmUp, TimeSpan measure, int rounds)
    {
        await using var on = await StartAsync(data, guestKey, noop, journal: true);
        await using var off = await StartAsync(data, guestKey, noop, journal: false);

        // Idle CPU of each (timers, pings, the sweep of an empty journal), before any note exists.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var idle = TimeSpan.FromSeconds(15);
        var (idleOnBefore, idleOffBefore) = (on.Service.CpuSeconds, off.Service.CpuSeconds);
        await Task.Delay(idle);
        on.IdleCpuPerSecond = (on.Service.CpuSeconds - idleOnBefore) / idle.TotalSeconds;
        off.IdleCpuPerSecond = (off.Service.CpuSeconds - idleOffBefore) / idle.TotalSeconds;

        foreach (var side in new[] { on, off })
        {
            await side.RunSteadyAsync(warmUp);
        }

        var clock = Stopwatch.StartNew();
        var (cpuOnBefore, cpuOffBefore) = (on.Service.CpuSeconds, off.Service.CpuSeconds);
        for (var round = 0; round < rounds; round++)
        {
            foreach (var side in round % 2 == 0 ? new[] { on, off } : new[] { off, on })
            {
                var turn = Stopwatch.StartNew();
                var cpuBefore = side.Service.CpuSeconds;
                var completed = await side.RunSteadyAsync(measure);
                side.OwnSeconds += turn.Elapsed.TotalSeconds;
                side.Activations += completed;
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"non-blocking, journal {(side.Journal ? "on " : "off")}: {(side.Service.CpuSeconds - cpuBefore) * 1_000_000 / completed:F0} us CPU per activation in its turn at {SteadyRate:F0}/s"));
            }
        }

        await Task.Delay(SweepSettle);
        on.Cpu = on.Service.CpuSeconds - cpuOnBefore;
        off.Cpu = off.Service.CpuSeconds - cpuOffBefore;
        var cpuOn = on.CpuMsPerActivation(clock.Elapsed);
        var cpuOff = off.CpuMsPerActivation(clock.Elapsed);

        // The 202s at 4 connections, as fast as they come: 5 s at most, since without the journal they pile up work
        // (about 7 000 a second against about 1 000 completed) that the standalone still holds when it stops.
        var caller = measure < TimeSpan.FromSeconds(5) ? measure : TimeSpan.FromSeconds(5);
        var rpsOn = (await RunWrkAsync(on, guestKey, caller)).Rps;
        var rpsOff = (await RunWrkAsync(off, guestKey, caller)).Rps;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"journal cost: CPU per activation {cpuOn * 1000:F0} vs {cpuOff * 1000:F0} us ({cpuOn / cpuOff:P1}) over {on.Activations} vs {off.Activations} activations, sweeps included (idle {on.IdleCpuPerSecond * 1000:F1} vs {off.IdleCpuPerSecond * 1000:F1} ms/s taken out); 202s {rpsOn:F0} vs {rpsOff:F0} rps ({rpsOn / rpsOff:P1})"));
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

    private static async Task<WrkResult> RunWrkAsync(Side side, string guestKey, TimeSpan duration)
    {
        var result = await Wrk.RunAsync(side.Invoke, "{}", guestKey, 4, duration);
        return result.Errors > 0 ? throw new InvalidOperationException($"{result.Errors} failed non-blocking invocations") : result;
    }

    private static async Task<Side> StartAsync(string data, string guestKey, string noop, bool journal)
    {
        var port = Service.FreePort();
        var url = new Uri($"http://127.0.0.1:{port}");
        var name = journal ? "on" : "off";
        var service = await Service.StartAsync(
            "standalone-journal-" + name,
            "src/Standalone/bin/Release/net10.0/OpenWhisk.Standalone.dll",
            ["--port", port.ToString(CultureInfo.InvariantCulture),
                "--Stores:Sqlite:Path=" + Path.Combine(data, $"journal-{name}.db"),
                "--Activations:SpoolDirectory=" + Path.Combine(data, $"spool-journal-{name}"),
                "--Invoker:UniqueName=wskbenchjournal" + name,
                "--Journal:Enabled=" + (journal && Environment.GetEnvironmentVariable("OW_BENCH_JOURNAL_AA") is null ? "true" : "false"),
                "--Limits:InvocationsPerMinute=100000000", "--Limits:ConcurrentInvocations=100000000",
                "--Logging:LogLevel:Default=Warning",
            ],
            Service.Answers(new Uri(url, "/invokers/ready")));
        var api = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromMinutes(2) };
        api.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(guestKey)));
        (await api.PutAsJsonAsync("/api/v1/namespaces/_/actions/noop-journal?overwrite=true", new { exec = new { kind = "nodejs:20", code = noop } }))
            .EnsureSuccessStatusCode();
        return new Side(service, api, new Uri(url, "/api/v1/namespaces/_/actions/noop-journal?blocking=false"), journal);
    }

    /// <summary>One standalone and what was counted of it.</summary>
    private sealed class Side(Service service, HttpClient api, Uri invoke, bool journal) : IAsyncDisposable
    {
        public Service Service => service;

        public Uri Invoke => invoke;

        public bool Journal => journal;

        public double IdleCpuPerSecond { get; set; }

        public double OwnSeconds { get; set; }

        public long Activations { get; set; }

        public double Cpu { get; set; }

        /// <summary>CPU per activation in milliseconds: all it spent over <paramref name="elapsed"/>, less idling through the other's turns.</summary>
        public double CpuMsPerActivation(TimeSpan elapsed) =>
            (Cpu - (IdleCpuPerSecond * (elapsed.TotalSeconds - OwnSeconds))) * 1000 / Activations;

        /// <summary>Non-blocking calls at the steady rate for <paramref name="duration"/>, then waits until every one has its record.</summary>
        /// <returns>How many were accepted.</returns>
        public async Task<long> RunSteadyAsync(TimeSpan duration)
        {
            var before = await ActivationCount.OfAsync(api);
            var steady = new SteadyLoad(api, invoke, SteadyRate);
            await steady.RunAsync(duration, 8);
            if (steady.Failed > 0)
            {
                throw new InvalidOperationException($"{steady.Failed} failed non-blocking invocations");
            }

            for (var attempt = 0; attempt < 600 && await ActivationCount.OfAsync(api) < before + steady.Completed; attempt++)
            {
                await Task.Delay(100);
            }

            return steady.Completed;
        }

        public async ValueTask DisposeAsync()
        {
            api.Dispose();
            await service.DisposeAsync();
        }
    }
}
