using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OpenWhisk.Plugins.Kafka.Tests.EndToEnd;

/// <summary>Web actions and API routes in distributed mode: a controller and an invoker over Kafka, real Docker containers.</summary>
[TestFixture]
[NonParallelizable]
public sealed class DistributedWebTests
{
    [SetUp]
    public void RequireDocker() => DockerRequirement.Require();

    [Test]
    public async Task Web_actions_and_api_routes_run_on_a_separate_invoker()
    {
        await using var platform = await DistributedPlatform.StartAsync(invokerCount: 1);
        await platform.WaitForStateAsync(0, "up", TimeSpan.FromSeconds(60));
        using var client = platform.Client();
        using var anonymous = new HttpClient { BaseAddress = platform.Controller.BaseAddress };
        await client.PutActionAsync(
            "dist-page",
            "nodejs:20",
            "function main(p) { return { statusCode: 200, headers: { 'Content-Type': 'text/plain' }, body: 'page ' + p.__ow_path + ' ' + (p.who || '') }; }",
            new { limits = new { memory = 128 }, annotations = ApiClientExtensions.Pairs(("web-export", true)) });

        using var json = await anonymous.GetAsync("/api/v1/web/guest/default/dist-page.json?who=json");
        using var page = await anonymous.GetAsync("/api/v1/web/guest/default/dist-page.http/a/b?who=http");
        using var create = await client.PostAsJsonAsync("/api/v1/web/whisk.system/apimgmt/createApi?responsetype=http", new
        {
            apidoc = new
            {
                @namespace = "_",
                gatewayBasePath = "/shop",
                gatewayPath = "/items/{id}",
                gatewayMethod = "GET",
                id = "API:_:/shop",
                pathParameters = new[] { new { name = "id", @in = "path", required = true, type = "string" } },
                action = new { name = "dist-page", @namespace = "_", backendMethod = "GET", backendUrl = platform.Controller.BaseAddress + "api/v1/web/_/default/dist-page.http", authkey = ServiceProcess.GuestKey },
            },
        });
        var created = JsonDocument.Parse(await create.Content.ReadAsStringAsync()).RootElement;
        var gwApiUrl = created.GetProperty("value").GetProperty("gwApiUrl").GetString()!;
        using var routed = await anonymous.GetAsync(gwApiUrl + "/items/7?who=route");

        Assert.Multiple(async () =>
        {
            Assert.That(json.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(JsonDocument.Parse(await json.Content.ReadAsStringAsync()).RootElement.GetProperty("body").GetString(), Is.EqualTo("page  json"));
            Assert.That(await page.Content.ReadAsStringAsync(), Is.EqualTo("page /a/b http"));
            Assert.That(create.StatusCode, Is.EqualTo(HttpStatusCode.OK), created.ToString());
            Assert.That(await routed.Content.ReadAsStringAsync(), Is.EqualTo("page /shop/items/7 route"));
        });
    }
}
