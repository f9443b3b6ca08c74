using System.Diagnostics;
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

    [Test]
    public async Task Records_that_were_only_in_the_record_log_when_the_platform_was_killed_are_there_after_the_restart()
    {
        DockerRequirement.Require();
        // A commit a minute away: when the kill comes, the answered activations' records are only in the log.
        await using var platform = await StandaloneProcess.StartAsync(new Dictionary<string, string>
        {
            ["Limits:InvocationsPerMinute"] = "1000",
            ["Stores:Sqlite:RecordLog"] = "true",
            ["Stores:Sqlite:RecordLogInterval"] = "00:01:00",
        });
        using var guest = platform.Client();
        var created = await guest.PutActionAsync("logged", "nodejs:20", "function main(p) { return { echoed: p.i }; }");
        Assert.That(created.Status, Is.EqualTo(200), created.Body.ToString());

        var answered = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var invoked = await guest.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/_/actions/logged?blocking=true", new { i });
            Assert.That(invoked.Status, Is.EqualTo(200), invoked.Body.ToString());
            answered.Add(invoked.Body.GetProperty("activationId").GetString()!);
        }

        var logFolder = Path.Combine(platform.DataDirectory, "openwhisk.db-records");
        // The answer goes before the record is stored: wait until every record is in the log (and only there).
        var logged = string.Empty;
        for (var attempt = 0; attempt < 100 && !answered.All(logged.Contains); attempt++)
        {
            await Task.Delay(50);
            logged = Directory.Exists(logFolder) ? await ReadLockedFilesAsync(logFolder) : string.Empty;
        }

        var segments = Directory.GetFiles(logFolder);
        Assert.That(answered, Has.All.Matches<string>(logged.Contains), "the records wait in the log");

        await platform.KillAndStartAgainAsync();
        using var after = platform.Client();
        for (var i = 0; i < answered.Count; i++)
        {
            var record = await after.GetJsonAsync("/api/v1/namespaces/_/activations/" + answered[i]);
            Assert.That(record.Status, Is.EqualTo(200), record.Body.ToString());
            var response = record.Body.GetProperty("response");
            Assert.That(response.GetProperty("status").GetString(), Is.EqualTo("success"), record.Body.ToString());
            Assert.That(response.GetProperty("result").GetProperty("echoed").GetInt32(), Is.EqualTo(i));
        }

        Assert.That(Directory.GetFiles(logFolder).Intersect(segments), Is.Empty, "the killed process's segments are committed and gone");
    }

    /// <summary>
    /// The segments' text, read by <c>cat</c>: their writer holds them under an advisory lock, which .NET's own opens
    /// honour (and fail).
    /// </summary>
    private static async Task<string> ReadLockedFilesAsync(string folder)
    {
        var files = Directory.GetFiles(folder);
        if (files.Length == 0)
        {
            return string.Empty;
        }

        using var cat = Process.Start(new ProcessStartInfo("cat", files) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var text = await cat.StandardOutput.ReadToEndAsync();
        await cat.WaitForExitAsync();
        return text;
    }
}
