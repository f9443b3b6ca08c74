using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Logs;
using OpenWhisk.TestKit.Logs;

namespace OpenWhisk.Plugins.LogStores.Tests;

[TestFixture]
public sealed class FileLogStoreTests
{
    private string folder = null!;

    [SetUp]
    public void CreateFolder() => folder = Path.Combine(Path.GetTempPath(), "ow-logs-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void DeleteFolder() => Directory.Delete(folder, recursive: true);

    [Test]
    public async Task Writes_each_line_and_the_record_as_json_lines_and_keeps_the_logs_in_the_record()
    {
        await using var store = new FileLogStore(Options.Create(new FileLogStoreOptions { Directory = folder }), TimeProvider.System);
        var context = Context(Container(new ContainerLogLine("2026-11-30T12:00:00.000000001Z", "stdout", "hello"), new ContainerLogLine("2026-11-30T12:00:00.000000002Z", "stderr", "oops")));

        var result = await store.CollectAsync(context, CancellationToken.None);
        await store.FlushAsync();
        var lines = File.ReadAllLines(Directory.GetFiles(folder, "userlogs-*.log").Single());

        Assert.Multiple(() =>
        {
            Assert.That(result.Failed, Is.False);
            Assert.That(result.Logs, Has.Count.EqualTo(2));
            Assert.That(lines, Has.Length.EqualTo(3));
            var first = JsonDocument.Parse(lines[0]).RootElement;
            Assert.That(first.GetProperty("log").GetString(), Is.EqualTo("hello"));
            Assert.That(first.GetProperty("stream").GetString(), Is.EqualTo("stdout"));
            Assert.That(first.GetProperty("activationId").GetString(), Is.EqualTo("abc"));
            Assert.That(first.GetProperty("action").GetString(), Is.EqualTo("guest/hello"));
            Assert.That(JsonDocument.Parse(lines[1]).RootElement.GetProperty("stream").GetString(), Is.EqualTo("stderr"));
            Assert.That(JsonDocument.Parse(lines[2]).RootElement.GetProperty("activationId").GetString(), Is.EqualTo("abc"));
        });
    }

    [Test]
    public async Task Starts_a_new_file_when_the_current_one_is_full()
    {
        await using var store = new FileLogStore(Options.Create(new FileLogStoreOptions { Directory = folder, MaxFileBytes = 1024 }), TimeProvider.System);
        for (var i = 0; i < 5; i++)
        {
            await store.CollectAsync(Context(Container(new ContainerLogLine("t", "stdout", new string('x', 400)))), CancellationToken.None);
        }

        await store.FlushAsync();

        Assert.That(Directory.GetFiles(folder, "userlogs-*.log"), Has.Length.GreaterThan(1));
    }

    private static ScriptedLogContainer Container(params ContainerLogLine[] lines) => new(new ContainerLogs(lines, Truncated: false, Incomplete: false));

    private static LogCollectionContext Context(IContainer container) => new()
    {
        Activation = new ActivationRecord { Namespace = "guest", Name = "hello", Subject = "guest", ActivationId = "abc", Response = ActivationResponse.Success(null) },
        Action = new WhiskAction { Namespace = "guest", Name = "hello", Exec = new ActionExec { Kind = "nodejs:20", Code = "x" } },
        User = new Identity { Subject = "guest", Namespace = new NamespaceInfo("guest", "u"), AuthKey = new AuthKey("u:k") },
        Container = container,
    };
}
