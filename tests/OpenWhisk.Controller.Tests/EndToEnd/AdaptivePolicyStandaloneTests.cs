using System.Text.Json;
using OpenWhisk.Controller.Tests.Support;

namespace OpenWhisk.Controller.Tests.EndToEnd;

/// <summary>
/// The standalone platform with <c>Invoker:Pool:Policy=adaptive</c> (its windows scaled down to seconds): an action run
/// on a timer finds a container prepared for it, where the fixed keep-alive, shorter than the timer, would not.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class AdaptivePolicyStandaloneTests : StandaloneFixture
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Invoker:Pool:Policy"] = "adaptive",
        ["Invoker:Pool:PauseGrace"] = "00:00:01",
        ["Invoker:Pool:IdleTimeout"] = "00:00:03",
        ["Invoker:Pool:Adaptive:BinWidth"] = "00:00:01",
        ["Invoker:Pool:Adaptive:HistogramRange"] = "00:05:00",
        ["Invoker:Pool:Adaptive:BurstGap"] = "00:00:01",
        ["Invoker:Pool:Adaptive:MinObservations"] = "3",
    };

    [Test]
    public async Task An_action_on_a_timer_runs_warm_once_the_policy_learned_its_period()
    {
        var created = await Guest.PutActionAsync("ticker", "nodejs:20", "function main(p) { return { tick: p.tick }; }");
        Assert.That(created.Status, Is.EqualTo(200));
        var initTimes = new List<bool>();
        // The platform runs in its own process on the real clock: the timer's period is real time too.
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(7), TimeProvider.System);
        for (var tick = 0; tick < 8; tick++)
        {
            if (tick > 0)
            {
                await timer.WaitForNextTickAsync();
            }

            var (status, body) = await Guest.InvokeAsync("ticker", new { tick });
            Assert.That(status, Is.EqualTo(200), body.ToString());
            initTimes.Add(body.GetProperty("annotations").EnumerateArray().Any(a => a.GetProperty("key").GetString() == "initTime"));
        }

        Assert.Multiple(() =>
        {
            Assert.That(initTimes[1], Is.True, "the fixed keep-alive (4 s) ended before the second tick, 7 s later");
            Assert.That(initTimes.Skip(6), Is.All.False, "prepared before each tick once the period is known: " + JsonSerializer.Serialize(initTimes));
        });
    }
}
