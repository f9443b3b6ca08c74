using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace OpenWhisk.Bench.PlatformBench;

/// <summary>
/// Invocations at a fixed rate (an open schedule: the n-th call is due at n / rate seconds, whatever the answers
/// before it), spread over a few workers; counts the answered and the failed ones: a blocking call fails unless it
/// answers 200 with a successful record, a non-blocking one unless it answers 202 with an activation id.
/// </summary>
internal sealed class SteadyLoad(HttpClient api, Uri invoke, double rate)
{
    private long next = -1;
    private long completed;
    private long failed;

    public long Completed => Interlocked.Read(ref completed);

    public long Failed => Interlocked.Read(ref failed);

    public async Task RunAsync(TimeSpan duration, int workers)
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var due = TimeSpan.FromSeconds(Interlocked.Increment(ref next) / rate);
                if (due >= duration)
                {
                    return;
                }

                var wait = due - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }

                await InvokeOnceAsync();
            }
        })));
    }

    private async Task InvokeOnceAsync()
    {
        try
        {
            using var response = await api.PostAsJsonAsync(invoke, new { });
            using var record = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var success = response.StatusCode == System.Net.HttpStatusCode.Accepted
                ? record.RootElement.TryGetProperty("activationId", out _)
                : response.IsSuccessStatusCode && record.RootElement.GetProperty("response").GetProperty("success").GetBoolean();
            Interlocked.Increment(ref success ? ref completed : ref failed);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
        {
            Interlocked.Increment(ref failed);
        }
    }
}
