
namespace OpenWhisk.Plugins.Kafka.Tests.EndToEnd;

/// <summary>
/// What a zero-downtime deployment polls before stopping a service: the controller's <c>/activation/count</c> and
/// an invoker's, in distributed mode (a controller and an invoker over Kafka, real Docker containers).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class DistributedDrainTests
{
    [SetUp]
    public void RequireDocker() => DockerRequirement.Require();

    [Test]
    public async Task The_controller_and_the_invoker_count_activations_in_flight_until_they_finish()
    {
        await using var platform = await DistributedPlatform.StartAsync(invokerCount: 1);
        await platform.WaitForStateAsync(0, "up", TimeSpan.FromSeconds(60));
        using var client = platform.Client();
        using var invoker = platform.InvokerClient(0);
        using var anonymous = new HttpClient { BaseAddress = platform.Controller.BaseAddress };
        await client.PutActionAsync("dist-drain", "nodejs:20", "function main() { return new Promise(r => setTimeout(() => r({ done: true }), 4000)); }", new { limits = new { memory = 128 } });
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await client.InvokeAsync("dist-drain", blocking: false)).Body.GetProperty("activationId").GetString()!);
        }

        var controllerDuring = await anonymous.GetJsonAsync("/activation/count");
        var listed = await anonymous.GetJsonAsync("/activation");
        var onInvoker0 = await anonymous.GetJsonAsync("/invokers/invoker0/activation/count");
        var invokerDuring = await CountWhenAsync(invoker, count => count > 0);
        var unauthorized = await anonymous.GetAsync(new Uri(invoker.BaseAddress!, "/activation/count"));
        using var wrongKey = ServiceProcess.ApiClient(invoker.BaseAddress!, "invoker.user:wrong");
        using var refused = await wrongKey.GetAsync(new Uri("/activation/count", UriKind.Relative));
        var refusal = await refused.Content.ReadAsStringAsync();
        foreach (var id in ids)
        {
            await client.WaitForRecordAsync(id);
        }

        var controllerAfter = await CountWhenAsync(anonymous, count => count == 0);
        var invokerAfter = await CountWhenAsync(invoker, count => count == 0);

        Assert.Multiple(() =>
        {
            Assert.That(controllerDuring.Body.GetInt32(), Is.EqualTo(3));
            Assert.That(listed.Body.EnumerateArray().Select(pair => pair[0].GetString()), Is.EquivalentTo(ids));
            Assert.That(onInvoker0.Body.GetInt32(), Is.EqualTo(3));
            Assert.That(invokerDuring, Is.GreaterThanOrEqualTo(1), "the invoker has taken them and not finished them");
            Assert.That((int)unauthorized.StatusCode, Is.EqualTo(401), "the invoker's count needs its credentials");
            Assert.That((int)refused.StatusCode, Is.EqualTo(401), "a wrong password is refused");
            Assert.That(refusal, Does.Contain("The supplied authentication is invalid."));
            Assert.That(controllerAfter, Is.Zero);
            Assert.That(invokerAfter, Is.Zero);
        });
    }

    private static async Task<int> CountWhenAsync(HttpClient client, Func<int, bool> condition)
    {
        var count = -1;
        for (var attempt = 0; attempt < 150; attempt++)
        {
            var (status, body) = await client.GetJsonAsync("/activation/count");
            Assert.That(status, Is.EqualTo(200), body.ToString());
            count = body.GetInt32();
            if (condition(count))
            {
                break;
            }

            await Task.Delay(100);
        }

        return count;
    }
}
