using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Invokers;
using OpenWhisk.Spi.Messaging;
using OpenWhisk.Spi.Toolkit.LoadBalancing;
using OpenWhisk.Spi.Toolkit.Messaging;

namespace OpenWhisk.Plugins.Lean.Tests;

/// <summary>
/// The lean balancer in a process that also runs an invoker (the standalone): activations and acknowledgements
/// travel through the process's <see cref="InProcessTransport"/> as objects, with nothing on the bus, and the
/// invoker's health comes from its <see cref="IInProcessInvoker"/>.
/// </summary>
[TestFixture]
public sealed class LeanInProcessHandOverTests
{
    private static readonly InvokerInstanceId Invoker0 = new() { Instance = 0, UserMemoryMb = 2048 };

    [Test]
    public async Task Hands_activations_to_the_invoker_of_its_process_and_takes_its_acknowledgements_without_the_bus()
    {
        var time = TimeProvider.System;
        var transport = new InProcessTransport();
        var handedOver = new ConcurrentQueue<ActivationMessage>();
        using var invoker = transport.Receive<ActivationMessage>("invoker0", (message, _) =>
        {
            handedOver.Enqueue(message);
            return Task.CompletedTask;
        });
        var bus = new InMemoryMessagingProvider(Options.Create(new InMemoryMessagingOptions()), time);
        await using var services = new ServiceCollection().AddSingleton<IInProcessInvoker>(new EnabledInvoker()).BuildServiceProvider();
        await using var balancer = LeanTestSetup.Balancer(bus, new ActivationTrackerFactory(timeProvider: time), new LeanLoadBalancerOptions(), services, transport);
        await balancer.StartAsync(CancellationToken.None);
        await using var onTheBus = bus.CreateConsumer(new MessageConsumerOptions { Topic = "invoker0", GroupId = "test", MaxPeek = 8 });
        var action = LeanTestSetup.Action("local");
        var message = LeanTestSetup.BlockingMessage(action, "fedcba9876543210fedcba9876543210");

        var publication = await balancer.PublishAsync(action, message, CancellationToken.None);
        var record = new ActivationRecord
        {
            Namespace = "guest",
            Name = "local",
            Subject = "guest",
            ActivationId = message.ActivationId,
            Response = ActivationResponse.Success(JsonSerializer.SerializeToElement(new { ok = true })),
        };
        var acknowledged = transport.TryHandOver("completed0", Acknowledgement.Combined(message.TransactionId, record, Invoker0), CancellationToken.None, out _);
        var outcome = await publication.Result.WaitAsync(TimeSpan.FromSeconds(10));
        await publication.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        var sentOverTheBus = await onTheBus.PeekAsync(TimeSpan.FromMilliseconds(200), CancellationToken.None);
        var health = await balancer.GetInvokerHealthAsync(CancellationToken.None);
        await balancer.StopAsync(CancellationToken.None);
        var acknowledgedAfterStop = transport.TryHandOver("completed0", Acknowledgement.Combined(message.TransactionId, record, Invoker0), CancellationToken.None, out _);

        Assert.Multiple(() =>
        {
            Assert.That(handedOver, Is.EqualTo(new[] { message }), "the message object itself, handed over");
            Assert.That(acknowledged, Is.True, "controller 0 takes completed0 in process");
            Assert.That(sentOverTheBus, Is.Empty, "nothing on the bus");
            Assert.That(outcome.Record, Is.SameAs(record), "the acknowledgement's record, as an object");
            Assert.That(health, Is.EqualTo(new[] { new InvokerHealth(Invoker0, InvokerState.Healthy) }));
            Assert.That(balancer.TotalActiveActivations, Is.Zero);
            Assert.That(acknowledgedAfterStop, Is.False, "a stopped balancer takes nothing more in process");
        });
    }

    [Test]
    public async Task Sends_over_the_bus_when_no_invoker_of_its_process_takes_the_topic()
    {
        var time = TimeProvider.System;
        var transport = new InProcessTransport();
        using var otherInvoker = transport.Receive<ActivationMessage>("invoker1", (_, _) => throw new AssertionException("invoker1 is not the lean invoker"));
        var bus = new InMemoryMessagingProvider(Options.Create(new InMemoryMessagingOptions()), time);
        await using var services = new ServiceCollection().BuildServiceProvider();
        await using var balancer = LeanTestSetup.Balancer(bus, new ActivationTrackerFactory(timeProvider: time), new LeanLoadBalancerOptions(), services, transport);
        await balancer.StartAsync(CancellationToken.None);
        await using var onTheBus = bus.CreateConsumer(new MessageConsumerOptions { Topic = "invoker0", GroupId = "test", MaxPeek = 8 });
        var action = LeanTestSetup.Action("remote");
        var message = LeanTestSetup.BlockingMessage(action, "0123456789abcdef0123456789abcdef");

        await balancer.PublishAsync(action, message, CancellationToken.None);
        var sent = await onTheBus.PeekAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        var health = await balancer.GetInvokerHealthAsync(CancellationToken.None);
        await balancer.StopAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(sent.Select(m => MessageSerializer.Deserialize<ActivationMessage>(m.Value).ActivationId), Is.EqualTo(new[] { message.ActivationId }));
            Assert.That(health, Is.Empty, "no invoker of its process to report");
        });
    }

    private sealed class EnabledInvoker : IInProcessInvoker
    {
        public InvokerInstanceId Id => Invoker0;

        public bool IsEnabled => true;
    }
}
