using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OpenWhisk.Bench.PlatformBench;

/// <summary>
/// Measures the time from a non-blocking request (an invocation or a trigger fire) until the action's activation
/// record can be read through the API, polling the record without pause.
/// </summary>
internal sealed class RecordProbe(HttpClient api)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Invokes <paramref name="action"/> without blocking and waits until its record is readable.</summary>
    public async Task<TimeSpan> InvokeAsync(string action)
    {
        var clock = Stopwatch.StartNew();
        var activationId = await AcceptedAsync($"/api/v1/namespaces/_/actions/{action}?blocking=false");
        await ReadAsync(activationId);
        return clock.Elapsed;
    }

    /// <summary>Fires <paramref name="trigger"/> (one active rule) and waits until the rule's action's record is readable.</summary>
    public async Task<TimeSpan> FireAsync(string trigger)
    {
        var clock = Stopwatch.StartNew();
        var triggerActivationId = await AcceptedAsync($"/api/v1/namespaces/_/triggers/{trigger}");
        using var triggerRecord = await ReadAsync(triggerActivationId);
        var line = triggerRecord.RootElement.GetProperty("logs")[0].GetString()!;
        using var ruleLine = JsonDocument.Parse(line);
        var actionActivationId = ruleLine.RootElement.GetProperty("activationId").GetString()
            ?? throw new InvalidOperationException("the rule did not invoke its action: " + line);
        using var actionRecord = await ReadAsync(actionActivationId);
        return clock.Elapsed;
    }

    private async Task<string> AcceptedAsync(string path)
    {
        using var response = await api.PostAsJsonAsync(path, new { });
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        using var body = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        return body.RootElement.GetProperty("activationId").GetString()!;
    }

    private async Task<JsonDocument> ReadAsync(string activationId)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Timeout)
        {
            using var response = await api.GetAsync("/api/v1/namespaces/_/activations/" + activationId);
            if (response.IsSuccessStatusCode)
            {
                return JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
            }

            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                throw new InvalidOperationException($"reading {activationId} answered {(int)response.StatusCode}");
            }
        }

        throw new TimeoutException($"no record of {activationId} after {Timeout.TotalSeconds} s");
    }
}
