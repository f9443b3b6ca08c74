using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenWhisk.Common.Messaging;
using OpenWhisk.Controller.LoadBalancing;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Invokers;
using OpenWhisk.Spi.Messaging;
using OpenWhisk.Spi.Toolkit.LoadBalancing;
using OpenWhisk.Spi.Toolkit.Messaging;

namespace OpenWhisk.Controller.Tests.Unit;

/// <summary>
/// The lean balancer in a process that also runs an invoker (the standalone): it finds the invoker as an
/// <see cref="IInProcessInvoker"/>, hands it activations as objects and takes its acknowledgements the same way,
/// with nothing on the bus.
/// </summary>
[TestFixture]
public sealed class LeanInProcessHandOverTests
{
    [Test]
    public async Task Hands_activations_to_the_invoker_of_its_process_and_takes_its_acknowledgements_without_the_bus()
    {
        var time = TimeProvider.System;
        var invoker = new RecordingInProcessInvoker();
        var bus = new InMemoryMessagingProvider(Options.Create(new InMemoryMessagingOptions()), time);
        await using var services = new ServiceCollection().AddSingleton<IInProcessInvoker>(invoker).BuildServiceProvider();
        await using var balancer = LeanTestSetup.Balancer(bus, new ActivationTrackerFactory(timeProvider: time), new LoadBalancerOptions(), services);
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
        invoker.Acknowledge(Acknowledgement.Combined(message.TransactionId, record, invoker.Id));
        var outcome = await publication.Result.WaitAsync(TimeSpan.FromSeconds(10));
        await publication.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        var sentOverTheBus = await onTheBus.PeekAsync(TimeSpan.FromMilliseconds(200), CancellationToken.None);
        var health = await balancer.GetInvokerHealthAsync(CancellationToken.None);
        await balancer.StopAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(invoker.ConnectedTopic, Is.EqualTo("completed0"), "connected as controller 0");
            Assert.That(invoker.Submitted, Is.EqualTo(new[] { message }), "the message object itself, handed over");
            Assert.That(sentOverTheBus, Is.Empty, "nothing on the bus");
            Assert.That(outcome.Record, Is.SameAs(record), "the acknowledgement's record, as an object");
            Assert.That(health, Is.EqualTo(new[] { new InvokerHealth(invoker.Id, InvokerState.Healthy) }));
            Assert.That(balancer.TotalActiveActivations, Is.Zero);
        });
    }
}
