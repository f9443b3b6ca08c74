using OpenWhisk.Controller.Tests.Support;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Controller.Tests.Invocation;

[TestFixture]
public sealed class ActionInvokerTests
{
    private DispatcherHarness harness = null!;

    [SetUp]
    public void Create() => harness = new DispatcherHarness();

    [TearDown]
    public void Dispose() => harness.Dispose();

    [Test]
    public async Task The_activation_message_names_exactly_the_parameters_marked_init_in_their_order()
    {
        await PutAsync("mixed", new KeyValue("c", Json("3"), Init: true), new KeyValue("a", Json("1")), new KeyValue("b", Json("2"), Init: true));
        await PutAsync("plain", new KeyValue("a", Json("1")));
        await PutAsync("bare");

        foreach (var name in new[] { "mixed", "plain", "bare" })
        {
            harness.Balancer.Script(name, _ => new { });
            await harness.InvokeAsync(name);
        }

        var published = harness.Balancer.Published.ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(published.Select(m => m.Action.Name), Is.EqualTo(new[] { "mixed", "plain", "bare" }));
            Assert.That(published[0].InitArgs, Is.EqualTo(new[] { "c", "b" }));
            Assert.That(published[1].InitArgs, Is.Empty);
            Assert.That(published[2].InitArgs, Is.Empty);
        });
    }

    private static System.Text.Json.JsonElement Json(string text) => System.Text.Json.JsonDocument.Parse(text).RootElement.Clone();

    private Task PutAsync(string name, params KeyValue[] parameters) =>
        harness.Actions.PutAsync(
            new WhiskAction
            {
                Namespace = "guest",
                Name = name,
                Exec = new ActionExec { Kind = "nodejs:20", Code = "x" },
                Parameters = parameters,
            },
            null,
            CancellationToken.None);
}
