using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;

namespace OpenWhisk.Bench.PlatformBench;

/// <summary>
/// What journaling accepted activations costs: non-blocking invocations (the ones journaled; a blocking call
/// answered with its record writes no note) of a warm noop action through <c>lean</c>. Two standalones run side by
/// side, one with the journal and one without, and take the same steady load at the same time, each half of it, for
/// several rounds: whatever slows the machine down slows both alike. (An earlier design let them take the whole load
/// in turns; each then idled half of the time, and the idle CPU taken out for that, measured before the rounds, was
/// large beside the difference sought: it swung between 102 and 117 %, and 101.7 % with the journal off on both.)
/// The CPU each standalone spends is counted from the first round until the journal has swept the notes of the last
/// one (so the sweep's reading and rewriting of segments is part of the cost), less its idle CPU for the time it had no
/// load (measured over 30 s before the rounds), per activation. Beside it, how fast 4 connections get their 202s
/// (the caller's view; without the journal a 202 does not wait for anything). With <c>OW_BENCH_JOURNAL_AA</c> set,
/// both standalones run without the journal: a control of the design itself.
/// </summary>
internal static class JournalCost
{
    /// <summary>The steady rate of both together: below the non-blocking completions either configuration sustains here.</summary>
    private const double SteadyRate = 600;

    /// <summary>A segment's window (10 s), its grace (30 s) and the sweep interval (30 s), with room to spare.</summary>
    private static readonly TimeSpan SweepSettle = TimeSpan.FromSeconds(75);

    public static async Task<BenchEntry> MeasureAsync(string data, string guestKey, string noop, TimeSpan warmUp, TimeSpan measure, int rounds)
    {
        await using var on = await StartAsync(data, guestKey, noop, journal: true);
        await using var off = await StartAsync(data, guestKey, noop, journal: false);
        Side[] sides = [on, off];

        // Idle CPU of each (timers, pings, the sweep of an empty journal), before any note exists.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var idle = TimeSpan.FromSeconds(30);
        var idleBefore = sides.Select(side => side.Service.CpuSeconds).ToArray();
        await Task.Delay(idle);
        for (var i = 0; i < sides.Length; i++)
        {
            sides[i].IdleCpuPerSecond = (sides[i].Service.CpuSeconds - idleBefore[i]) / idle.TotalSeconds;
        }

        await Task.WhenAll(sides.Select(side => side.RunSteadyAsync(warmUp, SteadyRate / sides.Length)));

        // Both at once, half of the load each; twice the rounds of the design that took turns, so as many activations.
        var clock = Stopwatch.StartNew();
        var cpuBefore = sides.Select(side => side.Service.CpuSeconds).ToArray();
        for (var round = 0; round < 2 * rounds; round++)
        {
            var turn = Stopwatch.StartNew();
            var roundBefore = sides.Select(side => side.Service.CpuSeconds).ToArray();
            var completed = await Task.WhenAll(sides.Select(side => side.RunSteadyAsync(measure, SteadyRate / sides.Length)));
            var loaded = turn.Elapsed.TotalSeconds;
            for (var i = 0; i < sides.Length; i++)
            {
                sides[i].OwnSeconds += loaded;
                sides[i].Activations += completed[i];
            }

            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"non-blocking at {SteadyRate / sides.Length:F0}/s each: {(on.Service.CpuSeconds - roundBefore[0]) * 1_000_000 / completed[0]:F0} us CPU per activation with the journal, {(off.Service.CpuSeconds - roundBefore[1]) * 1_000_000 / completed[1]:F0} us without"));
        }

        await Task.Delay(SweepSettle);
        on.Cpu = on.Service.CpuSeconds - cpuBefore[0];
        off.Cpu = off.Service.CpuSeconds - cpuBefore[1];
        var cpuOn = on.CpuMsPerActivation(clock.Elapsed);
        var cpuOff = off.CpuMsPerActivation(clock.Elapsed);

        // The 202s at 4 connections, as fast as they come: 5 s at most, since without the journal they pile up work
        // (about 7 000 a second against about 1 000 completed) that the standalone still holds when it stops.
        var caller = measure < TimeSpan.FromSeconds(5) ? measure : TimeSpan.FromSeconds(5);
        var rpsOn = (await RunWrkAsync(on, guestKey, caller)).Rps;
        var rpsOff = (await RunWrkAsync(off, guestKey, caller)).Rps;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"journal cost: CPU per activation {cpuOn * 1000:F0} vs {cpuOff * 1000:F0} us ({cpuOn / cpuOff:P1}) over {on.Activations} vs {off.Activations} activations, sweeps included (idle {on.IdleCpuPerSecond * 1000:F1} vs {off.IdleCpuPerSecond * 1000:F1} ms/s taken out for {clock.Elapsed.TotalSeconds - on.OwnSeconds:F0} s without load); 202s {rpsOn:F0} vs {rpsOff:F0} rps ({rpsOn / rpsOff:P1})"));
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

        /// <summary>CPU per activation in milliseconds: all it spent over <paramref name="elapsed"/>, less idling while it had no load.</summary>
        public double CpuMsPerActivation(TimeSpan elapsed) =>
            (Cpu - (IdleCpuPerSecond * (elapsed.TotalSeconds - OwnSeconds))) * 1000 / Activations;

        /// <summary>Non-blocking calls at <paramref name="rate"/> a second for <paramref name="duration"/>, then waits until every one has its record.</summary>
        /// <returns>How many were accepted.</returns>
        public async Task<long> RunSteadyAsync(TimeSpan duration, double rate)
        {
            var before = await ActivationCount.OfAsync(api);
            var steady = new SteadyLoad(api, invoke, rate);
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
