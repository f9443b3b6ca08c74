using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenWhisk.Spi.Toolkit.Messaging;
using OpenWhisk.Invoker.Hosting;
using OpenWhisk.Invoker.Scheduling;
using OpenWhisk.Invoker.Tests.Support;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Invokers;
using OpenWhisk.Spi.Messaging;
using OpenWhisk.Spi.Stores;
using OpenWhisk.Spi.Toolkit.Scheduling;

namespace OpenWhisk.Invoker.Tests.Hosting;

/// <summary>
/// The invoker host end to end over in-memory messaging, with the simulated container factory loaded from its
/// plugin folder: activation messages in, acknowledgements, records and health pings out; under each built-in
/// scheduling policy, selected by configuration.
/// </summary>
[TestFixture("openwhisk", typeof(OpenWhiskSchedulingPolicy))]
[TestFixture("adaptive", typeof(AdaptiveSchedulingPolicy))]
public sealed class InvokerHostTests(string policy, Type policyType)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private IHost host = null!;
    private IMessagingProvider messaging = null!;

    [SetUp]
    public async Task StartInvoker()
    {
        host = InvokerHosts.Build(new Dictionary<string, string?>
        {
            ["Simulation:CreateLatency"] = "00:00:00.020",
            ["Simulation:DestroyLatency"] = "00:00:00.001",
            ["Invoker:PingInterval"] = "00:00:00.100",
            ["Invoker:Pool:UserMemoryMb"] = "1024",
            ["Invoker:Pool:Policy"] = policy,
        });
        await host.StartAsync();
        messaging = host.Services.GetRequiredService<IMessagingProvider>();
    }

    [TearDown]
    public async Task StopInvoker()
    {
        await host.StopAsync();
        host.Dispose();
    }

    [Test]
    public void Its_pool_decides_with_the_configured_scheduling_policy() =>
        Assert.That(host.Services.GetRequiredService<InvokerService>().Pool!.Policy, Is.InstanceOf(policyType));

    [Test]
    public void Offers_itself_to_a_balancer_of_its_process_as_the_in_process_invoker() =>
        Assert.That(host.Services.GetService<IInProcessInvoker>(), Is.SameAs(host.Services.GetRequiredService<InvokerService>()));

    [Test]
    public async Task Runs_activations_from_its_topic_and_acknowledges_them_to_the_controller()
    {
        await using var acks = messaging.CreateConsumer(new MessageConsumerOptions { Topic = "completed0", GroupId = "completed0" });
        var action = Jobs.Action("echo");
        var blocking = Message(action, blocking: true);
        var nonBlocking = Message(action, blocking: false);

        await SendAsync(blocking, nonBlocking);
        var received = await ReceiveAsync<Acknowledgement>(acks, count: 3);

        var store = host.Services.GetRequiredService<IActivationStore>();
        var blockingRecord = await store.GetAsync("guest", blocking.ActivationId, CancellationToken.None);
        var nonBlockingRecord = await store.GetAsync("guest", nonBlocking.ActivationId, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(
                received.Where(a => a.ActivationId == blocking.ActivationId).Select(a => a.Kind),
                Is.EqualTo(new[] { AcknowledgementKind.Result, AcknowledgementKind.Completion }));
            Assert.That(received.First(a => a.ActivationId == blocking.ActivationId).Activation!.Response.Result!.Value.GetProperty("x").GetInt32(), Is.EqualTo(1));
            Assert.That(received.Single(a => a.ActivationId == nonBlocking.ActivationId).Kind, Is.EqualTo(AcknowledgementKind.Completion));
            Assert.That(received.Single(a => a.ActivationId == nonBlocking.ActivationId).Invoker!.Instance, Is.Zero);
            Assert.That(blockingRecord!.Response.IsSuccess, Is.True);
            Assert.That(nonBlockingRecord!.Response.IsSuccess, Is.True);
        });
    }

    [Test]
    public async Task Takes_activations_and_returns_acknowledgements_through_the_transport_of_its_process_without_the_bus()
    {
        var transport = host.Services.GetRequiredService<InProcessTransport>();
        var acknowledged = new System.Collections.Concurrent.ConcurrentQueue<Acknowledgement>();
        using var controller = transport.Receive<Acknowledgement>("completed0", (ack, _) =>
        {
            acknowledged.Enqueue(ack);
            return Task.CompletedTask;
        });
        await using var onTheBus = messaging.CreateConsumer(new MessageConsumerOptions { Topic = "completed0", GroupId = "completed0" });
        var message = Message(Jobs.Action("local"), blocking: true);

        var taken = transport.TryHandOver("invoker0", message, CancellationToken.None, out var handedOver);
        await handedOver;
        var clock = Stopwatch.StartNew();
        while (acknowledged.Count < 2 && clock.Elapsed < Timeout)
        {
            await Task.Delay(20);
        }

        var sentOverTheBus = await onTheBus.PeekAsync(TimeSpan.FromMilliseconds(200), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(taken, Is.True, "the invoker takes invoker0 in process");
            Assert.That(acknowledged.Select(a => a.Kind), Is.EqualTo(new[] { AcknowledgementKind.Result, AcknowledgementKind.Completion }));
            Assert.That(acknowledged.First().Activation!.Response.IsSuccess, Is.True);
            Assert.That(sentOverTheBus, Is.Empty, "no acknowledgement on the bus");
        });
    }

    [Test]
    public async Task Reports_an_action_that_cannot_be_found_with_a_stored_record()
    {
        await using var acks = messaging.CreateConsumer(new MessageConsumerOptions { Topic = "completed0", GroupId = "completed0" });
        var missing = Message(Jobs.Action("gone"), blocking: true) with { ActionDocument = null };

        await SendAsync(missing);
        var ack = (await ReceiveAsync<Acknowledgement>(acks, count: 1)).Single();
        var record = await host.Services.GetRequiredService<IActivationStore>().GetAsync("guest", missing.ActivationId, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(ack.Kind, Is.EqualTo(AcknowledgementKind.CombinedCompletionAndResult));
            Assert.That(ack.Activation!.Response.StatusCode, Is.EqualTo(ActivationStatus.ApplicationError));
            Assert.That(record!.Response.Result!.Value.GetProperty("error").GetString(), Is.EqualTo("Action could not be found or may have been deleted."));
            Assert.That(record.Annotations.Find("kind")!.Value.GetString(), Is.EqualTo("unknown"));
        });
    }

    [Test]
    public async Task Fetches_the_action_from_the_artifact_store_when_the_message_does_not_carry_it()
    {
        var action = Jobs.Action("stored");
        await host.Services.GetRequiredService<IArtifactStore>().PutAsync(
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
        await using var acks = messaging.CreateConsumer(new MessageConsumerOptions { Topic = "completed0", GroupId = "completed0" });
        var message = Message(action, blocking: true) with { ActionDocument = null };

        await SendAsync(message);
        var received = await ReceiveAsync<Acknowledgement>(acks, count: 2);

        Assert.That(received[0].Activation!.Response.IsSuccess, Is.True);
    }

    [Test]
    public async Task Pings_the_health_topic_while_it_runs()
    {
        await using var health = messaging.CreateConsumer(new MessageConsumerOptions { Topic = PingMessage.Topic, GroupId = "health-test" });

        var pings = await ReceiveAsync<PingMessage>(health, count: 2);

        Assert.Multiple(() =>
        {
            Assert.That(pings.Select(p => p.Name.Instance), Is.All.EqualTo(0));
            Assert.That(pings.Select(p => p.IsEnabled), Is.All.True);
            Assert.That(pings[0].Name.UserMemoryMb, Is.EqualTo(1024));
        });
    }

    [Test]
    public async Task Pings_carry_the_pool_s_containers_and_the_finished_activations()
    {
        await using var acks = messaging.CreateConsumer(new MessageConsumerOptions { Topic = "completed0", GroupId = "completed0" });
        await SendAsync(Message(Jobs.Action("a"), blocking: false), Message(Jobs.Action("b"), blocking: false));
        await ReceiveAsync<Acknowledgement>(acks, count: 2);
        await using var health = messaging.CreateConsumer(new MessageConsumerOptions { Topic = PingMessage.Topic, GroupId = "health-pool-test" });

        InvokerPoolStatus? pool = null;
        for (var read = 0; read < 10 && pool?.Activations.Count != 2; read++)
        {
            pool = (await ReceiveAsync<PingMessage>(health, count: 1))[0].Pool;
        }

        Assert.That(pool, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(pool!.CapacityMb, Is.EqualTo(1024));
            Assert.That(pool.Activations.Count, Is.EqualTo(2));
            Assert.That(pool.Activations.DurationBuckets.Sum(), Is.EqualTo(2));
            Assert.That(pool.Activations.DurationBuckets, Has.Count.EqualTo(ActivationTotals.BucketBoundsMs.Count + 1));
            Assert.That(pool.Containers.Where(g => g.Action is not null).Select(g => g.Action), Is.EquivalentTo(new[] { "guest/a", "guest/b" }));
            Assert.That(pool.Containers.Where(g => g.Action is not null).Select(g => g.State), Is.All.AnyOf("warm", "paused"));
            Assert.That(pool.UsedMemoryMb, Is.GreaterThanOrEqualTo(pool.Containers.Sum(g => g.Count * g.MemoryMb)), "stem cells being created hold memory too");
        });
    }

    [Test]
    public async Task Stopping_removes_every_container_of_the_invoker()
    {
        await using var acks = messaging.CreateConsumer(new MessageConsumerOptions { Topic = "completed0", GroupId = "completed0" });
        await SendAsync(Message(Jobs.Action("a"), blocking: false), Message(Jobs.Action("b"), blocking: false));
        await ReceiveAsync<Acknowledgement>(acks, count: 2);
        var factory = host.Services.GetRequiredService<IContainerFactory>();
        var live = factory.GetType().GetProperty("LiveContainers")!;
        var before = ((System.Collections.ICollection)live.GetValue(factory)!).Count;

        await host.StopAsync();

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.GreaterThanOrEqualTo(2), "two action containers plus the stem cells");
            Assert.That(((System.Collections.ICollection)live.GetValue(factory)!).Count, Is.Zero);
        });
    }

    private static ActivationMessage Message(WhiskAction action, bool blocking) =>
        Jobs.Job(action, parameters: new { x = 1 }, blocking: blocking).Message with { ActionDocument = action };

    private async Task SendAsync(params ActivationMessage[] messages)
    {
        await using var producer = messaging.CreateProducer(MessageProducerOptions.Default);
        foreach (var message in messages)
        {
            await producer.SendAsync("invoker0", MessageSerializer.Serialize(message), CancellationToken.None);
        }
    }

    private static async Task<List<T>> ReceiveAsync<T>(IMessageConsumer consumer, int count)
    {
        var received = new List<T>();
        var clock = Stopwatch.StartNew();
        while (received.Count < count && clock.Elapsed < Timeout)
        {
            foreach (var message in await consumer.PeekAsync(TimeSpan.FromMilliseconds(200), CancellationToken.None))
            {
                received.Add(MessageSerializer.Deserialize<T>(message.Value));
            }

            await consumer.CommitAsync(CancellationToken.None);
        }

        Assert.That(received, Has.Count.GreaterThanOrEqualTo(count), $"expected {count} messages on {consumer.Topic} within {Timeout}");
        return received;
    }
}
