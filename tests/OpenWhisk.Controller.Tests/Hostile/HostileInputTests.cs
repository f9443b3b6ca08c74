using System.Collections.Concurrent;
using System.Net;
using OpenWhisk.Controller.Tests.Support;

namespace OpenWhisk.Controller.Tests.Hostile;

/// <summary>
/// Ten thousand seeded hostile requests on loopback against the real standalone: none answers with a server error
/// (5xx other than 502, which is an action's own failure), and the platform is alive afterwards.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class HostileInputTests : StandaloneFixture
{
    private const int Requests = 10_000;

    [Test]
    public async Task Ten_thousand_hostile_requests_get_no_server_error_and_leave_the_platform_alive()
    {
        // A fixed seed in CI; OW_FUZZ_SEED tries another one (printed below, so a failure can be replayed).
        var seed = int.TryParse(Environment.GetEnvironmentVariable("OW_FUZZ_SEED"), out var chosen) ? chosen : 20261205;
        TestContext.Out.WriteLine("seed: " + seed);
        var generator = new HostileRequestGenerator(seed, StandaloneProcess.GuestKey);
        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Platform.BaseAddress, Timeout = TimeSpan.FromSeconds(90) };
        var residentBefore = Platform.ResidentMb;
        var requests = new ConcurrentQueue<HttpRequestMessage>(Enumerable.Range(0, Requests).Select(_ => generator.Next()));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            while (requests.TryDequeue(out var request))
            {
                var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync();
                var described = request.Method + " " + request.RequestUri + " body: " + (body.Length > 200 ? body[..200] + "…" : body);
                using (request)
                {
                    try
                    {
                        using var response = await client.SendAsync(request);
                        statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                        if ((int)response.StatusCode >= 500 && response.StatusCode != HttpStatusCode.BadGateway)
                        {
                            failures.Enqueue((int)response.StatusCode + " " + described + " " + await response.Content.ReadAsStringAsync());
                        }
                    }
                    catch (HttpRequestException exception)
                    {
                        failures.Enqueue("no answer: " + described + " " + exception.Message);
                    }
                }
            }
        }));

        using var ping = await client.GetAsync("/ping");
        var residentAfter = Platform.ResidentMb;
        TestContext.Out.WriteLine("statuses: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => s.Key + "×" + s.Value)));
        TestContext.Out.WriteLine($"resident memory: {residentBefore:F0} MB before, {residentAfter:F0} MB after");
        Assert.Multiple(() =>
        {
            Assert.That(failures, Is.Empty, string.Join("\n", failures.Take(20)));
            Assert.That(ping.StatusCode, Is.EqualTo(HttpStatusCode.OK), "alive afterwards");
            Assert.That(statuses.Values.Sum(), Is.EqualTo(Requests));
            Assert.That(residentAfter, Is.LessThan(Math.Max(400, residentBefore * 2.5)), "memory stays bounded");
        });
    }
}
