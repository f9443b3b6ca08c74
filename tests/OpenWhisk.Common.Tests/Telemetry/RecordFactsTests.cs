using System.Text.Json;
using OpenWhisk.Common.Telemetry;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Common.Tests.Telemetry;

[TestFixture]
public sealed class RecordFactsTests
{
    [Test]
    public void Records_of_actions_in_turn_each_give_their_own_path_and_kind()
    {
        var facts = Enumerable.Range(0, 6)
            .Select(i => RecordFacts.From(Record(i % 2 == 0 ? "guest/even" : "guest/odd", i % 3 == 0 ? "nodejs:20" : "python:3", waitMs: i)))
            .ToList();

        Assert.Multiple(() =>
        {
            Assert.That(facts.Select(f => f.Path), Is.EqualTo(new[] { "guest/even", "guest/odd", "guest/even", "guest/odd", "guest/even", "guest/odd" }));
            Assert.That(facts.Select(f => f.Kind), Is.EqualTo(new[] { "nodejs:20", "python:3", "python:3", "nodejs:20", "python:3", "python:3" }));
            Assert.That(facts.Select(f => f.WaitMs), Is.EqualTo(new long[] { 0, 1, 2, 3, 4, 5 }));
            Assert.That(facts.Select(f => f.MemoryMb), Is.All.EqualTo(256));
        });
    }

    [Test]
    public void An_escaped_path_reads_as_its_text_and_a_record_without_annotations_gives_none()
    {
        var escaped = Record("guest/plain", "nodejs:20", waitMs: 0) with
        {
            Annotations = [new KeyValue("path", JsonDocument.Parse("\"guest/\\u00e9t\\u00e9\"").RootElement.Clone())],
        };

        var facts = RecordFacts.From(escaped);
        var none = RecordFacts.From(escaped with { Annotations = [] });

        Assert.Multiple(() =>
        {
            Assert.That(facts.Path, Is.EqualTo("guest/été"));
            Assert.That(facts.Kind, Is.Null);
            Assert.That(none.Path, Is.Null);
        });
    }

    private static ActivationRecord Record(string path, string kind, long waitMs) => new()
    {
        Namespace = "guest",
        Name = path[(path.LastIndexOf('/') + 1)..],
        Subject = "guest",
        ActivationId = "a" + waitMs,
        Response = ActivationResponse.Success(null),
        Annotations =
        [
            KeyValue.Of("path", path),
            KeyValue.Of("kind", kind),
            KeyValue.Of("limits", ActionLimits.Default),
            KeyValue.Of("waitTime", waitMs),
        ],
    };
}
