using OpenWhisk.Controller.Tests.Support;

namespace OpenWhisk.Controller.Tests.EndToEnd;

/// <summary>
/// <c>/metrics</c> of the real standalone platform (Docker) after invocations: OpenWhisk's user-event metrics per
/// action, the invoker's starts and containers, the series cap and the throttles' refusals.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class MetricsStandaloneTests : StandaloneFixture
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Telemetry:MaxActionSeries"] = "4",
        ["Limits:InvocationsPerMinute"] = "30",
    };

    [Test]
    [Order(1)]
    public async Task Scraped_metrics_count_successes_errors_and_cold_prewarm_and_warm_starts()
    {
        Assert.That((await Guest.PutActionAsync("ok", "nodejs:20", "function main() { return { ok: true }; }")).Status, Is.EqualTo(200));
        Assert.That((await Guest.PutActionAsync("refuses", "nodejs:20", "function main() { return { error: { statusCode: 404 } }; }")).Status, Is.EqualTo(200));
        Assert.That((await Guest.PutActionAsync("crashes", "nodejs:20", "function main() { process.exit(1); }")).Status, Is.EqualTo(200));
        Assert.That((await Guest.PutActionAsync("large", "nodejs:20", "function main() { return {}; }", new { limits = new { memory = 384 } })).Status, Is.EqualTo(200));

        Assert.That((await Guest.InvokeAsync("ok")).Status, Is.EqualTo(200));
        Assert.That((await Guest.InvokeAsync("ok")).Status, Is.EqualTo(200));
        Assert.That((await Guest.InvokeAsync("refuses")).Status, Is.EqualTo(502), "an application error");
        Assert.That((await Guest.InvokeAsync("crashes")).Status, Is.EqualTo(502));
        Assert.That((await Guest.InvokeAsync("large")).Status, Is.EqualTo(200));

        var scrape = await ScrapeUntilAsync(s => s.Sum("openwhisk_action_activations_total") >= 5);
        var ok = new[] { ("namespace", "guest"), ("initiator", "guest"), ("action", "ok") };
        Assert.Multiple(() =>
        {
            Assert.That(scrape.Sum("openwhisk_action_activations_total", [.. ok, ("kind", "nodejs:20"), ("memory", "256")]), Is.EqualTo(2));
            Assert.That(scrape.Sum("openwhisk_action_coldStarts_total", ok), Is.EqualTo(1), "the first ran /init in a stem cell, the second was warm");
            Assert.That(scrape.Sum("openwhisk_action_waitTime_seconds_count", ok), Is.EqualTo(2));
            Assert.That(scrape.Sum("openwhisk_action_initTime_seconds_count", ok), Is.EqualTo(1));
            Assert.That(scrape.Sum("openwhisk_action_duration_seconds_count", ok), Is.EqualTo(2));
            Assert.That(scrape.Sum("openwhisk_action_status", [.. ok, ("status", "success")]), Is.EqualTo(2));
            Assert.That(scrape.Sum("openwhisk_action_memory", ok), Is.EqualTo(256));
            Assert.That(scrape.Sum("openwhisk_action_status", ("action", "refuses"), ("status", "application_error")), Is.EqualTo(1));
            Assert.That(scrape.Sum("openwhisk_action_status_code", ("action", "refuses"), ("status_code", "404")), Is.EqualTo(1));
            Assert.That(scrape.Sum("openwhisk_action_status", ("action", "crashes"), ("status", "action_developer_error")), Is.EqualTo(1));
            Assert.That(scrape.Sum("openwhisk_action_activations_total", ("action", "large"), ("memory", "384")), Is.EqualTo(1));

            Assert.That(scrape.Sum("openwhisk_invoker_starts_total", ("invoker", "invoker0"), ("start", "prewarm")), Is.GreaterThanOrEqualTo(1));
            Assert.That(scrape.Sum("openwhisk_invoker_starts_total", ("invoker", "invoker0"), ("start", "cold")), Is.GreaterThanOrEqualTo(1), "no stem cell of 384 MB");
            Assert.That(scrape.Sum("openwhisk_invoker_starts_total", ("invoker", "invoker0"), ("start", "warm")), Is.GreaterThanOrEqualTo(1));
            Assert.That(scrape.LabelValues("openwhisk_invoker_containers", "state"), Is.EquivalentTo(new[] { "busy", "paused", "prewarm", "starting", "warm" }));
            Assert.That(scrape.Sum("openwhisk_invoker_containers", ("state", "warm")) + scrape.Sum("openwhisk_invoker_containers", ("state", "paused")), Is.GreaterThanOrEqualTo(2));
            Assert.That(scrape.Sum("openwhisk_invoker_memory_used_mb") + scrape.Sum("openwhisk_invoker_memory_free_mb"), Is.EqualTo(2048));
            Assert.That(scrape.Sum("openwhisk_invoker_health", ("invoker", "invoker0"), ("state", "healthy")), Is.EqualTo(1));
            Assert.That(scrape.Has("openwhisk_invoker_messaging_lag", ("invoker", "invoker0")), Is.True);
            Assert.That(scrape.Sum("openwhisk_invoker_messaging_lag"), Is.Zero);
            Assert.That(scrape.Has("http_server_request_duration_seconds_count", ("http_route", "/api/v1/namespaces/{ns}/actions/{**path}")), Is.True);
            Assert.That(scrape.Sum("openwhisk_store_operation_duration_seconds_count", ("store", "activations"), ("operation", "store"), ("outcome", "ok")), Is.GreaterThanOrEqualTo(5));
            Assert.That(scrape.Sum("openwhisk_store_operation_duration_seconds_count", ("store", "artifacts"), ("operation", "put"), ("outcome", "ok")), Is.GreaterThanOrEqualTo(4), "the four actions created");
            Assert.That(scrape.Has("openwhisk_activation_records_spooled"), Is.True);
            Assert.That(scrape.Sum("openwhisk_activation_records_spooled"), Is.Zero);
        });
    }

    [Test]
    [Order(2)]
    public async Task Actions_beyond_the_series_cap_are_counted_under_other()
    {
        foreach (var name in new[] { "fifth", "sixth" })
        {
            Assert.That((await Guest.PutActionAsync(name, "nodejs:20", "function main() { return {}; }")).Status, Is.EqualTo(200));
            Assert.That((await Guest.InvokeAsync(name)).Status, Is.EqualTo(200));
        }

        var scrape = await ScrapeUntilAsync(s => s.Sum("openwhisk_action_activations_total", ("action", "_other")) >= 2);
        Assert.Multiple(() =>
        {
            Assert.That(scrape.Sum("openwhisk_action_activations_total", ("namespace", "_other"), ("initiator", "_other"), ("action", "_other")), Is.EqualTo(2));
            Assert.That(scrape.LabelValues("openwhisk_action_activations_total", "action"), Is.EquivalentTo(new[] { "_other", "crashes", "large", "ok", "refuses" }));
        });
    }

    [Test]
    [Order(3)]
    public async Task Invocations_refused_by_the_per_minute_throttle_are_counted()
    {
        var refused = 0;
        for (var attempt = 0; attempt < 80 && refused == 0; attempt++)
        {
            if ((await Guest.InvokeAsync("ok")).Status == 429)
            {
                refused++;
            }
        }

        Assert.That(refused, Is.EqualTo(1));
        var scrape = await ScrapeUntilAsync(s => s.Sum("openwhisk_action_limit_timed_total") >= 1);
        Assert.That(scrape.Sum("openwhisk_action_limit_timed_total", ("namespace", "guest")), Is.EqualTo(1));
    }

    /// <summary>Scrapes until <paramref name="ready"/> holds (records are counted once stored, just after the answer), at most ten seconds.</summary>
    private async Task<PrometheusScrape> ScrapeUntilAsync(Func<PrometheusScrape, bool> ready)
    {
        using var client = new HttpClient { BaseAddress = Platform.BaseAddress };
        var scrape = await PrometheusScrape.FetchAsync(client);
        for (var attempt = 0; attempt < 100 && !ready(scrape); attempt++)
        {
            await Task.Delay(100);
            scrape = await PrometheusScrape.FetchAsync(client);
        }

        return scrape;
    }
}
