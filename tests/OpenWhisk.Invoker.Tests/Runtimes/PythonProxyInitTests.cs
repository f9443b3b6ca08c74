using System.Net;
using System.Text;
using System.Text.Json;

namespace OpenWhisk.Invoker.Tests.Runtimes;

/// <summary>
/// Our Python action proxy run as a plain process: of two <c>/init</c> calls that overlap while the first still loads
/// the action's code (a module that takes a second to import), only one initializes; the other is refused with 403 as
/// OpenWhisk's proxies refuse a second init, instead of both loading code into the same container.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PythonProxyInitTests
{
    private const string SlowToLoad = "import time\ntime.sleep(1)\ndef main(args):\n    return {\"loaded\": True}\n";

    [Test]
    public async Task Of_two_inits_that_overlap_while_the_code_loads_only_one_initializes()
    {
        var port = ProxyProcess.FreePort();
        using var proxy = ProxyProcess.Start("python3", "python", "proxy.py", port);
        try
        {
            await ProxyProcess.WaitForListenerAsync(port);
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            var body = JsonSerializer.Serialize(new { value = new { name = "slow", main = "main", code = SlowToLoad } });

            var first = client.PostAsync("/init", new StringContent(body, Encoding.UTF8, "application/json"));
            await Task.Delay(300);
            var second = client.PostAsync("/init", new StringContent(body, Encoding.UTF8, "application/json"));
            var statuses = (await Task.WhenAll(first, second)).Select(r => r.StatusCode).ToList();
            using var run = await client.PostAsync("/run", new StringContent("""{"value":{}}""", Encoding.UTF8, "application/json"));

            Assert.Multiple(async () =>
            {
                Assert.That(statuses, Is.EquivalentTo(new[] { HttpStatusCode.OK, HttpStatusCode.Forbidden }));
                Assert.That(await run.Content.ReadAsStringAsync(), Does.Contain("loaded"), "the one that initialized runs");
            });
        }
        finally
        {
            proxy.Kill(entireProcessTree: true);
        }
    }
}
