using System.Net.Http.Json;
using System.Text.Json;

namespace OpenWhisk.Plugins.Postgres.Tests;

/// <summary>Two standalone controllers sharing one PostgreSQL database: an API made through one is served by the other.</summary>
[TestFixture]
[NonParallelizable]
public sealed class RoutesOnTwoControllersTests
{
    [Test]
    public async Task An_api_created_on_one_controller_is_listed_and_served_by_the_other()
    {
        await TwoControllers.RunAsync(new Dictionary<string, string>(), async (first, second) =>
        {
            using var guest = first.Client();
            using var other = second.Client();
            await guest.PutActionAsync("shared-route", "nodejs:20", "function main(p) { return { served: p.__ow_method }; }", new { limits = new { memory = 128 }, annotations = ApiClientExtensions.Pairs(("web-export", true)) });
            using var created = await guest.PostAsJsonAsync("/api/v1/web/whisk.system/apimgmt/createApi", new
            {
                apidoc = new
                {
                    @namespace = "_",
                    gatewayBasePath = "/shared",
                    gatewayPath = "/thing",
                    gatewayMethod = "PUT",
                    action = new { name = "shared-route", @namespace = "_", backendMethod = "PUT", backendUrl = first.BaseAddress + "api/v1/web/_/default/shared-route.http", authkey = StandaloneProcess.GuestKey },
                },
            });
            var listed = await other.GetJsonAsync("/api/v1/web/whisk.system/apimgmt/getApi?basepath=/shared");
            using var served = await other.PutAsync("/api/guest/shared/thing", null);

            Assert.Multiple(async () =>
            {
                Assert.That((int)created.StatusCode, Is.EqualTo(200), await created.Content.ReadAsStringAsync());
                Assert.That(listed.Body.GetProperty("apis").GetArrayLength(), Is.EqualTo(1));
                Assert.That(JsonDocument.Parse(await served.Content.ReadAsStringAsync()).RootElement.GetProperty("served").GetString(), Is.EqualTo("put"));
            });
        });
    }
}
