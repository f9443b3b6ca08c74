
namespace OpenWhisk.Plugins.Kafka.Tests.EndToEnd;

/// <summary>
/// Traces over OTLP (HTTP) from a controller and an invoker over Kafka: one activation is one trace, from the
/// controller's invocation through the message to the invoker's run, its container calls and the record's store.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class DistributedTracingTests
{
    [Test]
    public async Task One_activation_is_one_trace_across_the_controller_the_bus_and_the_invoker()
    {
        DockerRequirement.Require();
        await using var collector = new OtlpTraceReceiver();
        await using var platform = await DistributedPlatform.StartAsync(invokerCount: 1, sharedSettings: new Dictionary<string, string>
        {
            ["Telemetry:Traces"] = "true",
            ["Telemetry:OtlpEndpoint"] = collector.Endpoint,
            ["Telemetry:OtlpProtocol"] = "http",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        });
        await platform.WaitForStateAsync(0, "up", TimeSpan.FromSeconds(60));
        using var client = platform.Client();
        await client.PutActionAsync("traced", "nodejs:20", "function main(p) { return { n: p.n }; }");

        var invoked = await client.InvokeAsync("traced", new { n = 1 });
        Assert.That(invoked.Status, Is.EqualTo(200), invoked.Body.ToString());
        var activationId = invoked.Body.GetProperty("activationId").GetString()!;
        var expected = new[] { "openwhisk.invoke", "openwhisk.activation", "openwhisk.init", "openwhisk.run", "openwhisk.store" };
        List<ReceivedSpan> mine = [];
        for (var attempt = 0; attempt < 100; attempt++)
        {
            mine = [.. collector.Spans.Where(s => s.Attributes.GetValueOrDefault("openwhisk.activation_id") == activationId)];

            // The HTTP request's server span ends after the answer is written, so it can come in a later batch.
            var serverSpanArrived = mine.FirstOrDefault(s => s.Name == "openwhisk.invoke") is { } sent
                && collector.Spans.Any(s => s.Service == "openwhisk-controller" && s.TraceId == sent.TraceId && s.SpanId == sent.ParentSpanId);
            if (expected.All(name => mine.Any(s => s.Name == name)) && serverSpanArrived)
            {
                break;
            }

            await Task.Delay(100);
        }

        var invoke = mine.Single(s => s.Name == "openwhisk.invoke");
        var activation = mine.Single(s => s.Name == "openwhisk.activation");
        var transaction = invoke.Attributes.GetValueOrDefault("openwhisk.transaction_id");
        Assert.Multiple(() =>
        {
            Assert.That(mine.Select(s => s.Name), Is.SupersetOf(expected), string.Join(", ", mine.Select(s => s.Service + ":" + s.Name)));
            Assert.That(mine.Select(s => s.TraceId).Distinct(), Has.Exactly(1).Items, "one trace");
            Assert.That(invoke.Service, Is.EqualTo("openwhisk-controller"));
            Assert.That(activation.Service, Is.EqualTo("openwhisk-invoker"));
            Assert.That(activation.ParentSpanId, Is.EqualTo(invoke.SpanId), "the invoker's span continues the controller's over the bus");
            Assert.That(mine.Where(s => s.Name is "openwhisk.init" or "openwhisk.run").Select(s => s.ParentSpanId), Is.All.EqualTo(activation.SpanId));
            Assert.That(transaction, Is.Not.Null.And.Not.Empty);
            Assert.That(activation.Attributes["openwhisk.transaction_id"], Is.EqualTo(transaction));
            Assert.That(activation.Attributes["openwhisk.action"], Is.EqualTo("guest/traced"));
            Assert.That(
                collector.Spans.Any(s => s.Service == "openwhisk-controller" && s.TraceId == invoke.TraceId && s.SpanId == invoke.ParentSpanId),
                Is.True,
                "the invoke span's parent is the HTTP request's server span");
        });
    }
}
