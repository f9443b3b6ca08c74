using System.Text.Json;
using System.Text.Json.Nodes;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Invokers;

namespace OpenWhisk.Spi.Tests;

/// <summary>The SPI data types serialize to the JSON shapes OpenWhisk uses on its bus and in its API.</summary>
[TestFixture]
public sealed class WireShapeTests
{
    private static readonly InvokerInstanceId Invoker0 = new() { Instance = 0, UserMemoryMb = 2048 };

    [Test]
    public void Transaction_ids_are_arrays_of_id_and_start()
    {
        var json = JsonSerializer.Serialize(new TransactionId("abc", 1700000000000), OpenWhiskJson.Options);
        var parsed = JsonSerializer.Deserialize<TransactionId>("[\"xyz\", 5, true, [\"parent\", 1]]", OpenWhiskJson.Options);

        Assert.Multiple(() =>
        {
            Assert.That(json, Is.EqualTo("[\"abc\",1700000000000]"));
            Assert.That(parsed, Is.EqualTo(new TransactionId("xyz", 5)));
        });
    }

    [Test]
    public void Invoker_ids_carry_user_memory_as_byte_size_text()
    {
        var json = JsonNode.Parse(JsonSerializer.Serialize(Invoker0, OpenWhiskJson.Options))!;
        var parsed = JsonSerializer.Deserialize<InvokerInstanceId>("{\"instance\":3,\"userMemory\":\"1 GB\",\"instanceType\":\"invoker\"}", OpenWhiskJson.Options)!;

        Assert.Multiple(() =>
        {
            Assert.That(json["userMemory"]!.GetValue<string>(), Is.EqualTo("2048 MB"));
            Assert.That(json["instanceType"]!.GetValue<string>(), Is.EqualTo("invoker"));
            Assert.That(json["uniqueName"], Is.Null);
            Assert.That(parsed.UserMemoryMb, Is.EqualTo(1024));
            Assert.That(parsed.ToString(), Is.EqualTo("invoker3"));
        });
    }

    [Test]
    public void Health_pings_carry_the_pool_only_when_it_is_known_and_read_openwhisk_s_own_pings()
    {
        var bare = JsonNode.Parse(JsonSerializer.Serialize(new PingMessage(Invoker0), OpenWhiskJson.Options))!.AsObject();
        var status = new InvokerPoolStatus(1_700_000_000_000, 512, 2048, 1, 2, [new ContainerGroupStatus("guest/a", "nodejs:20", ContainerGroupStates.Paused, 2, 256)], 0, new ActivationTotals(7, 1, [3, 4]));
        var full = JsonNode.Parse(JsonSerializer.Serialize(new PingMessage(Invoker0) { Pool = status }, OpenWhiskJson.Options))!;
        var openWhisks = JsonSerializer.Deserialize<PingMessage>("{\"name\":{\"instance\":0,\"userMemory\":\"2048 MB\",\"instanceType\":\"invoker\"}}", OpenWhiskJson.Options)!;
        var roundTrip = JsonSerializer.Deserialize<PingMessage>(full.ToJsonString(), OpenWhiskJson.Options)!;

        Assert.Multiple(() =>
        {
            Assert.That(bare.Select(p => p.Key), Is.EquivalentTo(new[] { "name", "isEnabled" }));
            Assert.That(full["pool"]!["containers"]![0]!["state"]!.GetValue<string>(), Is.EqualTo("paused"));
            Assert.That(full["pool"]!["activations"]!["durationBuckets"]!.AsArray().Count, Is.EqualTo(2));
            Assert.That(openWhisks.Pool, Is.Null);
            Assert.That(openWhisks.IsEnabled, Is.True);
            Assert.That(roundTrip.Pool!.Containers.Single(), Is.EqualTo(status.Containers.Single()));
            Assert.That(roundTrip.Pool.Activations.Count, Is.EqualTo(7));
        });
    }

    [Test]
    public void Parameters_are_key_value_arrays_with_init_only_when_set()
    {
        IReadOnlyList<KeyValue> parameters = [KeyValue.Of("a", 1), KeyValue.Of("b", "x") with { Init = true }];

        var json = JsonSerializer.Serialize(parameters, OpenWhiskJson.Options);

        Assert.That(json, Is.EqualTo("[{\"key\":\"a\",\"value\":1},{\"key\":\"b\",\"value\":\"x\",\"init\":true}]"));
    }

    [Test]
    public void Actions_serialize_with_openwhisk_field_names()
    {
        var action = new WhiskAction
        {
            Namespace = "guest",
            Name = "hello",
            Exec = new ActionExec { Kind = "nodejs:20", Code = "function main(){}" },
            Updated = 42,
        };

        var json = JsonNode.Parse(JsonSerializer.Serialize(action, OpenWhiskJson.Options))!;

        Assert.Multiple(() =>
        {
            Assert.That(json["version"]!.GetValue<string>(), Is.EqualTo("0.0.1"));
            Assert.That(json["exec"]!["kind"]!.GetValue<string>(), Is.EqualTo("nodejs:20"));
            Assert.That(json["exec"]!["binary"]!.GetValue<bool>(), Is.False);
            Assert.That(json["limits"]!.ToJsonString(), Is.EqualTo("{\"timeout\":60000,\"memory\":256,\"logs\":10,\"concurrency\":1}"));
            Assert.That(json["publish"]!.GetValue<bool>(), Is.False);
            Assert.That(json["updated"]!.GetValue<long>(), Is.EqualTo(42));
        });
    }

    [Test]
    public void Activation_messages_round_trip()
    {
        var message = new ActivationMessage
        {
            TransactionId = new TransactionId("tid", 7),
            Action = new ActionReference { Path = "guest", Name = "hello", Version = SemVer.Initial },
            Revision = "1-abc",
            User = new Identity
            {
                Subject = "guest",
                Namespace = new NamespaceInfo("guest", "23bc46b1-71f6-4ed5-8c54-816aa4f8c502"),
                AuthKey = new AuthKey("23bc46b1-71f6-4ed5-8c54-816aa4f8c502:secret"),
            },
            ActivationId = "0123456789abcdef0123456789abcdef",
            RootControllerIndex = new ControllerInstanceId("0"),
            Blocking = true,
            Content = JsonDocument.Parse("{\"name\":\"world\"}").RootElement,
            InitArgs = ["p"],
        };

        var json = JsonSerializer.Serialize(message, OpenWhiskJson.Options);
        var node = JsonNode.Parse(json)!;
        var back = JsonSerializer.Deserialize<ActivationMessage>(json, OpenWhiskJson.Options)!;

        Assert.Multiple(() =>
        {
            Assert.That(node["transid"]!.ToJsonString(), Is.EqualTo("[\"tid\",7]"));
            Assert.That(node["action"]!.ToJsonString(), Is.EqualTo("{\"path\":\"guest\",\"name\":\"hello\",\"version\":\"0.0.1\"}"));
            Assert.That(node["user"]!["authkey"]!["api_key"]!.GetValue<string>(), Does.EndWith(":secret"));
            Assert.That(node["rootControllerIndex"]!.ToJsonString(), Is.EqualTo("{\"asString\":\"0\",\"instanceType\":\"controller\"}"));
            Assert.That(back.Content!.Value.GetProperty("name").GetString(), Is.EqualTo("world"));
            Assert.That(back.User.Namespace.Name, Is.EqualTo("guest"));
            Assert.That(back.InitArgs, Is.EqualTo(new[] { "p" }));
        });
    }

    [Test]
    public void Acknowledgements_use_the_three_openwhisk_shapes()
    {
        var record = Record(ActivationResponse.WhiskError("boom"));
        var tid = new TransactionId("t", 1);

        var combined = JsonNode.Parse(JsonSerializer.Serialize(Acknowledgement.Combined(tid, record, Invoker0), OpenWhiskJson.Options))!;
        var completion = JsonNode.Parse(JsonSerializer.Serialize(Acknowledgement.Completion(tid, record, Invoker0), OpenWhiskJson.Options))!;
        var result = JsonNode.Parse(JsonSerializer.Serialize(Acknowledgement.Result(tid, record), OpenWhiskJson.Options))!;
        var shrunk = JsonNode.Parse(JsonSerializer.Serialize(Acknowledgement.Combined(tid, record, Invoker0).Shrink(), OpenWhiskJson.Options))!;

        Assert.Multiple(() =>
        {
            Assert.That(combined.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "transid", "response", "isSystemError", "instance" }));
            Assert.That(combined["isSystemError"]!.GetValue<bool>(), Is.True);
            Assert.That(completion.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "transid", "activationId", "isSystemError", "instance" }));
            Assert.That(result.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "transid", "response" }));
            Assert.That(shrunk["response"]!.GetValue<string>(), Is.EqualTo(record.ActivationId));
        });
    }

    [TestCase(AcknowledgementKind.CombinedCompletionAndResult)]
    [TestCase(AcknowledgementKind.Completion)]
    [TestCase(AcknowledgementKind.Result)]
    public void Acknowledgements_are_recognised_by_their_fields(AcknowledgementKind kind)
    {
        var record = Record(ActivationResponse.Success(JsonDocument.Parse("{\"a\":1}").RootElement));
        var tid = new TransactionId("t", 1);
        var ack = kind switch
        {
            AcknowledgementKind.Completion => Acknowledgement.Completion(tid, record, Invoker0),
            AcknowledgementKind.Result => Acknowledgement.Result(tid, record),
            _ => Acknowledgement.Combined(tid, record, Invoker0),
        };

        var back = JsonSerializer.Deserialize<Acknowledgement>(JsonSerializer.Serialize(ack, OpenWhiskJson.Options), OpenWhiskJson.Options)!;

        Assert.Multiple(() =>
        {
            Assert.That(back.Kind, Is.EqualTo(kind));
            Assert.That(back.ActivationId, Is.EqualTo(record.ActivationId));
            Assert.That(back.Activation?.Response.Result?.GetProperty("a").GetInt32(), Is.EqualTo(kind == AcknowledgementKind.Completion ? null : 1));
        });
    }

    [Test]
    public void Error_responses_wrap_the_message_in_an_error_object()
    {
        var json = JsonSerializer.Serialize(ActivationResponse.DeveloperError("The action did not produce a valid response and exited unexpectedly."), OpenWhiskJson.Options);

        Assert.That(json, Is.EqualTo("{\"statusCode\":2,\"result\":{\"error\":\"The action did not produce a valid response and exited unexpectedly.\"}}"));
    }

    [TestCase("0.0.1", 0, 0, 1)]
    [TestCase("1.2.3", 1, 2, 3)]
    [TestCase("2", 2, 0, 0)]
    public void Versions_parse_and_bump(string text, int major, int minor, int patch)
    {
        var version = SemVer.Parse(text);

        Assert.Multiple(() =>
        {
            Assert.That(version, Is.EqualTo(new SemVer(major, minor, patch)));
            Assert.That(version.NextPatch().ToString(), Is.EqualTo($"{major}.{minor}.{patch + 1}"));
        });
    }

    private static ActivationRecord Record(ActivationResponse response) => new()
    {
        Namespace = "guest",
        Name = "hello",
        Subject = "guest",
        ActivationId = "0123456789abcdef0123456789abcdef",
        Response = response,
    };
}
