using System.Text.Json;
using System.Text.Json.Nodes;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Execution.Tests;

[TestFixture]
public sealed class ActivationRecordFactoryTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_000_000);

    [TestCase(0L)]
    [TestCase(1L)]
    [TestCase(4095L)]
    [TestCase(4096L)]
    [TestCase(123_456L)]
    public void Wait_and_init_times_are_written_as_their_milliseconds(long milliseconds)
    {
        var record = Create(Job(ActionLimits.Default, "guest", "hello"), TimeSpan.FromMilliseconds(milliseconds), TimeSpan.FromMilliseconds(milliseconds), timedOut: false);

        var annotations = Annotations(record);

        Assert.Multiple(() =>
        {
            Assert.That(annotations["waitTime"]!.GetValue<long>(), Is.EqualTo(milliseconds));
            Assert.That(annotations["initTime"]!.GetValue<long>(), Is.EqualTo(milliseconds));
        });
    }

    [Test]
    public void A_negative_wait_counts_as_none()
    {
        var record = Create(Job(ActionLimits.Default, "guest", "hello"), TimeSpan.FromMilliseconds(-5), initTime: null, timedOut: false);

        Assert.That(Annotations(record)["waitTime"]!.GetValue<long>(), Is.Zero);
    }

    [Test]
    public void Records_carry_the_limits_path_kind_timeout_and_balancer_of_their_own_activation()
    {
        var small = new ActionLimits { TimeoutMs = 1000, MemoryMb = 128, LogsMb = 0, Concurrency = 2 };
        var first = Annotations(Create(Job(ActionLimits.Default, "guest", "one"), TimeSpan.Zero, null, timedOut: false));
        var second = Annotations(Create(Job(small, "other", "two", kind: "python:3", balancer: "direct"), TimeSpan.Zero, null, timedOut: true));
        var again = Annotations(Create(Job(ActionLimits.Default, "guest", "one"), TimeSpan.Zero, null, timedOut: false));

        Assert.Multiple(() =>
        {
            Assert.That(first.ToJsonString(), Is.EqualTo(again.ToJsonString()), "the same action gives the same annotations");
            Assert.That(first["limits"]!.ToJsonString(), Is.EqualTo("""{"timeout":60000,"memory":256,"logs":10,"concurrency":1}"""));
            Assert.That(second["limits"]!.ToJsonString(), Is.EqualTo("""{"timeout":1000,"memory":128,"logs":0,"concurrency":2}"""));
            Assert.That(first["path"]!.GetValue<string>(), Is.EqualTo("guest/one"));
            Assert.That(second["path"]!.GetValue<string>(), Is.EqualTo("other/two"));
            Assert.That(first["kind"]!.GetValue<string>(), Is.EqualTo("nodejs:20"));
            Assert.That(second["kind"]!.GetValue<string>(), Is.EqualTo("python:3"));
            Assert.That(first["timeout"]!.GetValue<bool>(), Is.False);
            Assert.That(second["timeout"]!.GetValue<bool>(), Is.True);
            Assert.That(first["balancer"]!.GetValue<string>(), Is.EqualTo("lean"));
            Assert.That(second["balancer"]!.GetValue<string>(), Is.EqualTo("direct"));
        });
    }

    [Test]
    public void Paths_beyond_the_shared_values_bound_are_still_written_right()
    {
        for (var i = 0; i < 5000; i++)
        {
            var record = Create(Job(ActionLimits.Default, "guest", "action" + i), TimeSpan.Zero, null, timedOut: false);
            if (i % 997 == 0 || i == 4999)
            {
                Assert.That(Annotations(record)["path"]!.GetValue<string>(), Is.EqualTo("guest/action" + i));
            }
        }
    }

    [Test]
    public void The_stored_record_reads_back_with_the_same_annotations()
    {
        var record = Create(Job(ActionLimits.Default, "guest", "hello"), TimeSpan.FromMilliseconds(7), TimeSpan.FromMilliseconds(30), timedOut: false);

        var text = OpenWhiskJson.SerializeDocument(record);
        var read = JsonSerializer.Deserialize<ActivationRecord>(text, OpenWhiskJson.Options)!;

        Assert.That(OpenWhiskJson.SerializeDocument(read), Is.EqualTo(text));
    }

    private static ActivationRecord Create(ActivationJob job, TimeSpan waitTime, TimeSpan? initTime, bool timedOut) =>
        ActivationRecordFactory.Create(job, ActivationResponse.Success(null), Start, Start.AddMilliseconds(3), initTime, waitTime, timedOut);

    private static JsonObject Annotations(ActivationRecord record)
    {
        var annotations = new JsonObject();
        foreach (var annotation in record.Annotations)
        {
            annotations[annotation.Key] = JsonNode.Parse(annotation.Value.GetRawText());
        }

        return annotations;
    }

    private static ActivationJob Job(ActionLimits limits, string namespaceName, string name, string kind = "nodejs:20", string balancer = "lean")
    {
        var action = new WhiskAction { Namespace = namespaceName, Name = name, Limits = limits, Exec = new ActionExec { Kind = kind, Code = "x" } };
        var message = new ActivationMessage
        {
            TransactionId = new TransactionId("tid1", 0),
            Action = ActionReference.For(action),
            User = new Identity { Subject = namespaceName, Namespace = new NamespaceInfo(namespaceName, "uuid"), AuthKey = new AuthKey("uuid:key") },
            ActivationId = "a",
            RootControllerIndex = new ControllerInstanceId("0"),
            Blocking = true,
            Content = JsonSerializer.SerializeToElement(new { }),
            Balancer = balancer,
        };
        return new ActivationJob(action, message);
    }
}
