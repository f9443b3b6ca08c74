using System.Text.Json;
using OpenWhisk.Controller.Tests.Support;

namespace OpenWhisk.Controller.Tests.EndToEnd;

/// <summary>The standalone platform with <c>Logging:Format=json</c>: one JSON object per line.</summary>
[TestFixture]
[NonParallelizable]
public sealed class JsonLogsStandaloneTests : StandaloneFixture
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Logging:Format"] = "json",
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
    };

    [Test]
    public async Task Every_line_of_output_is_one_json_object_with_timestamp_level_category_and_message()
    {
        Assert.That((await Guest.PutActionAsync("logged", "nodejs:20", "function main() { return {}; }")).Status, Is.EqualTo(200));
        Assert.That((await Guest.InvokeAsync("logged")).Status, Is.EqualTo(200));
        await Platform.StopAsync();

        var lines = Platform.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var notJson = lines.Where(line => !IsJsonObject(line)).ToList();
        var entries = lines.Except(notJson).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(notJson, Is.Empty, "every line is JSON");
            Assert.That(entries.Select(e => e.GetProperty("Category").GetString()), Does.Contain("OpenWhisk.Invoker.Hosting.InvokerService"));
            Assert.That(entries, Has.All.Matches<JsonElement>(e => e.TryGetProperty("Timestamp", out _) && e.TryGetProperty("LogLevel", out _) && e.TryGetProperty("Message", out _)));
        });
    }

    private static bool IsJsonObject(string line)
    {
        try
        {
            return JsonDocument.Parse(line).RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
