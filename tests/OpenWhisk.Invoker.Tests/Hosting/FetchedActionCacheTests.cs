using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenWhisk.Spi.Toolkit.Messaging;
using OpenWhisk.Invoker.Tests.Support;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Messaging;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Invoker.Tests.Hosting;

/// <summary>
/// Actions too large to travel in the message are fetched from the artifact store once per revision, as OpenWhisk's
/// invoker does, not once per activation: the same revision is served from the invoker's cache, a new one fetched.
/// </summary>
[TestFixture]
public sealed class FetchedActionCacheTests
{
    private IHost host = null!;
    private IArtifactStore artifacts = null!;

    [SetUp]
    public async Task StartInvoker()
    {
        host = InvokerHosts.Build(new Dictionary<string, string?>
        {
            ["Simulation:CreateLatency"] = "00:00:00.001",
            ["Simulation:DestroyLatency"] = "00:00:00.001",
            ["Invoker:Pool:UserMemoryMb"] = "1024",
        });
        await host.StartAsync();
        artifacts = host.Services.GetRequiredService<IArtifactStore>();
    }

    [TearDown]
    public async Task StopInvoker()
    {
        await host.StopAsync();
        host.Dispose();
    }

    [Test]
    public async Task The_same_revision_is_fetched_once_and_a_new_revision_again()
    {
        var first = Jobs.Action("large", version: new SemVer(0, 0, 1));
        var firstRevision = await PutAsync(first);
        var cold = await RunAsync(first, firstRevision);
        await artifacts.DeleteAsync(first.FullyQualifiedName, null, CancellationToken.None);

        var cached = await RunAsync(first, firstRevision);
        var unrevisioned = await RunAsync(first, revision: null);
        var second = first with { Version = new SemVer(0, 0, 2) };
        var secondRevision = await PutAsync(second);
        var updated = await RunAsync(second, secondRevision);

        Assert.Multiple(() =>
        {
            Assert.That(cold.Response.IsSuccess, Is.True);
            Assert.That(cached.Response.IsSuccess, Is.True, "the revision it ran before is served from the cache, though deleted from the store since");
            Assert.That(unrevisioned.Response.Result!.Value.GetProperty("error").GetString(), Is.EqualTo("Action could not be found or may have been deleted."), "a message without a revision is always fetched");
            Assert.That(secondRevision, Is.Not.EqualTo(firstRevision));
            Assert.That(updated.Version, Is.EqualTo(new SemVer(0, 0, 2)), "a new revision is fetched, never served stale");
        });
    }

    private async Task<string?> PutAsync(WhiskAction action)
    {
        var stored = await artifacts.PutAsync(
            new EntityDocument
            {
                DocId = action.FullyQualifiedName,
                EntityType = EntityTypes.Action,
                Namespace = action.Namespace,
                Name = action.Name,
                Updated = 1,
                Body = JsonSerializer.SerializeToElement(action, OpenWhiskJson.Options),
            },
            CancellationToken.None);
        return stored.Revision;
    }

    /// <summary>Sends a message without the action document, as the controller does for large actions, and reads its record.</summary>
    private async Task<ActivationRecord> RunAsync(WhiskAction action, string? revision)
    {
        var message = Jobs.Job(action, parameters: new { x = 1 }, blocking: false).Message with { ActionDocument = null, Revision = revision };
        await using (var producer = host.Services.GetRequiredService<IMessagingProvider>().CreateProducer(MessageProducerOptions.Default))
        {
            await producer.SendAsync("invoker0", MessageSerializer.Serialize(message), CancellationToken.None);
        }

        var store = host.Services.GetRequiredService<IActivationStore>();
        ActivationRecord? record = null;
        Assert.That(
            await Eventually.TrueAsync(async () => (record = await store.GetAsync("guest", message.ActivationId, CancellationToken.None)) is not null),
            Is.True,
            "the activation has a record");
        return record!;
    }
}
