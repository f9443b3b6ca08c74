
namespace OpenWhisk.Plugins.Kafka.Tests.EndToEnd;

/// <summary>
/// Three controllers on one broker share a namespace's limit as OpenWhisk does (the limit plus 20 %, divided by the
/// live controllers): 30 invocations a minute is 12 per controller with three, and 18 once one of them was killed.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class DistributedControllersTests
{
    [SetUp]
    public void RequireDocker() => DockerRequirement.Require();

    [Test]
    public async Task A_namespace_limit_is_divided_by_the_live_controllers_and_follows_a_killed_one()
    {
        await using var platform = await DistributedPlatform.StartAsync(
            invokerCount: 1,
            sharedSettings: new Dictionary<string, string> { ["Limits:InvocationsPerMinute"] = "30" });
        await platform.WaitForStateAsync(0, "up", TimeSpan.FromSeconds(60));
        await platform.StartControllerAsync(1);
        var third = await platform.StartControllerAsync(2);
        using var client = platform.Client();
        Assert.That((await client.PutActionAsync("counted", "nodejs:20", "function main() { return {}; }", new { limits = new { memory = 128 } })).Status, Is.EqualTo(200));

        // Announcements every second: the three know each other within a few.
        await Task.Delay(TimeSpan.FromSeconds(4));
        var withThree = await AcceptedInFreshMinuteAsync(client, 25);

        await third.KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(8));
        var withTwo = await AcceptedInFreshMinuteAsync(client, 25);

        Assert.That(withThree, Is.EqualTo(12), "ceil(30 × 1.2) / 3");
        Assert.That(withTwo, Is.EqualTo(18), "ceil(30 × 1.2) / 2 after one of three was killed");
    }

    /// <summary>Waits for a new wall-clock minute (the throttle's window), then counts how many of a burst are accepted.</summary>
    private static async Task<int> AcceptedInFreshMinuteAsync(HttpClient client, int burst)
    {
        var minute = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60;
        while (DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 == minute)
        {
            await Task.Delay(200);
        }

        var accepted = 0;
        for (var i = 0; i < burst; i++)
        {
            var (status, body) = await client.InvokeAsync("counted", blocking: false);
            Assert.That(status, Is.AnyOf(202, 429), body.ToString());
            accepted += status == 202 ? 1 : 0;
        }

        return accepted;
    }
}
