using System.Text.Json;

namespace OpenWhisk.Plugins.Kafka.Tests.EndToEnd;

/// <summary>What the distributed services serve to operators, checked after the programming-model test ran its activations.</summary>
public sealed partial class DistributedPlatformTests
{
    /// <summary>
    /// After the sequence (two increments) and the composition (three) ran: each service serves its own metrics and
    /// health, the invoker counting the actions it ran, the controller the sequence it ran itself and the invoker's health.
    /// </summary>
    private static async Task AssertEachServiceServesMetricsAndHealthAsync(DistributedPlatform platform)
    {
        using var controllerProbe = new HttpClient { BaseAddress = platform.Controller.BaseAddress };
        using var invokerProbe = platform.InvokerClient(0);
        var invokerMetrics = await PrometheusScrape.FetchAsync(invokerProbe);
        for (var attempt = 0; attempt < 50 && invokerMetrics.Sum("openwhisk_action_activations_total", ("action", "dist-pkg/inc")) < 5; attempt++)
        {
            await Task.Delay(100);
            invokerMetrics = await PrometheusScrape.FetchAsync(invokerProbe);
        }

        var controllerMetrics = await PrometheusScrape.FetchAsync(controllerProbe);
        using var invokerReady = await invokerProbe.GetAsync("/health/ready");
        using var controllerReady = await controllerProbe.GetAsync("/health/ready");
        var invokerChecks = await invokerReady.Content.ReadAsStringAsync();
        var controllerChecks = await controllerReady.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(invokerMetrics.Sum("openwhisk_action_activations_total", ("action", "dist-pkg/inc"), ("kind", "nodejs:20"), ("memory", "128")), Is.EqualTo(5), "2 in the sequence, 3 in the composition");
            Assert.That(invokerMetrics.Has("openwhisk_invoker_containers", ("invoker", "invoker0")), Is.True);
            Assert.That(invokerMetrics.Has("openwhisk_invoker_messaging_lag", ("invoker", "invoker0")), Is.True, "Kafka tells the invoker's lag");
            Assert.That(invokerMetrics.Sum("openwhisk_invoker_messaging_lag", ("invoker", "invoker0")), Is.Zero, "every activation message was received");
            Assert.That(controllerMetrics.Sum("openwhisk_action_activations_total", ("action", "dist-seq"), ("kind", "sequence")), Is.EqualTo(1));
            Assert.That(controllerMetrics.Sum("openwhisk_invoker_health", ("invoker", "invoker0"), ("state", "healthy")), Is.EqualTo(1));
            Assert.That((int)invokerReady.StatusCode, Is.EqualTo(200), invokerChecks);
            Assert.That(invokerChecks, Does.Contain("containerFactory").And.Contain("messaging").And.Contain("stores"));
            Assert.That((int)controllerReady.StatusCode, Is.EqualTo(200), controllerChecks);
            Assert.That(controllerChecks, Does.Contain("invokers"));
        });
        await AssertThePoolViewShowsTheInvokersContainersAsync(platform);
    }

    /// <summary>
    /// The controller's <c>/invokers/pool</c> (the console's Pool page) shows the separate invoker's containers and
    /// finished activations, as its health pings over Kafka carried them.
    /// </summary>
    private static async Task AssertThePoolViewShowsTheInvokersContainersAsync(DistributedPlatform platform)
    {
        using var admin = ServiceProcess.ApiClient(platform.Controller.BaseAddress, ServiceProcess.SystemKey);
        JsonElement invoker = default;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var (status, pool) = await admin.GetJsonAsync("/invokers/pool");
            Assert.That(status, Is.EqualTo(200), pool.ToString());
            invoker = pool.GetProperty("invokers").EnumerateArray().Single();
            if (invoker.TryGetProperty("activations", out var finished) && finished.GetInt64() >= 6)
            {
                break;
            }

            await Task.Delay(200);
        }

        Assert.Multiple(() =>
        {
            Assert.That(invoker.GetProperty("name").GetString(), Is.EqualTo("invoker0"));
            Assert.That(invoker.GetProperty("health").GetString(), Is.EqualTo("up"));
            Assert.That(invoker.GetProperty("activations").GetInt64(), Is.GreaterThanOrEqualTo(6), "5 increments and the caller");
            Assert.That(
                invoker.GetProperty("containers").EnumerateArray().Select(g => g.GetProperty("action").GetString()),
                Does.Contain("guest/dist-pkg/inc"));
        });
    }
}
