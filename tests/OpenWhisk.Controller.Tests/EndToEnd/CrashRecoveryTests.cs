using System.Text.Json;
using OpenWhisk.Controller.Invocation;

namespace OpenWhisk.Controller.Tests.EndToEnd;

/// <summary>
/// The standalone platform killed (SIGKILL) right after it accepted non-blocking activations: after a restart every
/// accepted activation has a record, the ones the crash interrupted with a whisk error that says so.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class CrashRecoveryTests
{
    [Test]
    public async Task Every_activation_accepted_before_a_kill_has_a_record_after_the_restart()
    {
        DockerRequirement.Require();
        await using var platform = await StandaloneProcess.StartAsync(new Dictionary<string, string> { ["Limits:InvocationsPerMinute"] = "1000" });
        using var guest = platform.Client();
        var created = await guest.PutActionAsync("slow-crash", "nodejs:20", "function main() { return new Promise(r => setTimeout(() => r({ done: true }), 30000)); }");
        Assert.That(created.Status, Is.EqualTo(200), created.Body.ToString());

        var accepted = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var invoked = await guest.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/_/actions/slow-crash", new { i });
            Assert.That(invoked.Status, Is.EqualTo(202), invoked.Body.ToString());
            accepted.Add(invoked.Body.GetProperty("activationId").GetString()!);
        }

        await Task.Delay(1000);
        await platform.KillAndStartAgainAsync();
        using var after = platform.Client();
        var records = new Dictionary<string, JsonElement>();
        for (var attempt = 0; attempt < 40 && records.Count < accepted.Count; attempt++)
        {
            foreach (var id in accepted.Where(id => !records.ContainsKey(id)))
            {
                var record = await after.SendJsonAsync(HttpMethod.Get, "/api/v1/namespaces/_/activations/" + id);
                if (record.Status == 200)
                {
                    records[id] = record.Body;
                }
            }

            await Task.Delay(250);
        }

        Assert.Multiple(() =>
        {
            Assert.That(records.Keys, Is.EquivalentTo(accepted), "10 of 10 accepted activations have a record");
            foreach (var record in records.Values)
            {
                var response = record.GetProperty("response");
                Assert.That(response.GetProperty("status").GetString(), Is.EqualTo("whisk internal error"), record.ToString());
                Assert.That(response.GetProperty("result").GetProperty("error").GetString(), Is.EqualTo(AcceptedActivations.PlatformStopped));
                Assert.That(record.GetProperty("name").GetString(), Is.EqualTo("slow-crash"));
            }
        });
    }
}
