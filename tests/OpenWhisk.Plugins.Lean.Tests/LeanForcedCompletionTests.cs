using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Toolkit.LoadBalancing;
using OpenWhisk.Spi.Toolkit.Messaging;
using OpenWhisk.Plugins.Memory;

namespace OpenWhisk.Plugins.Lean.Tests;

/// <summary>
/// The lean balancer over a bus whose invoker never answers: the activation ends at its completion timeout with a
/// stored whisk error record, its caller is answered and its slot (the namespace's concurrency) is freed.
/// </summary>
[TestFixture]
public sealed class LeanForcedCompletionTests
{
    [Test]
    public async Task An_activation_whose_invoker_never_answers_ends_with_a_stored_record_and_frees_its_slot()
    {
        var store = new InMemoryActivationStore();
        var time = TimeProvider.System;

        // max(60 s, timeout) × 0.02 = 1.2 s: the completion timeout, shortened for the test.
        var timeout = new CompletionTimeout { Factor = 0.02, Addon = TimeSpan.Zero };
        using var services = new ServiceCollection().BuildServiceProvider();
        await using var balancer = LeanTestSetup.Balancer(
            new InMemoryMessagingProvider(Options.Create(new InMemoryMessagingOptions()), time),
            new ActivationTrackerFactory(store, timeout, time, NullLoggerFactory.Instance),
            new LeanLoadBalancerOptions(),
            services);
        await balancer.StartAsync(CancellationToken.None);
        var action = LeanTestSetup.Action("silent");
        var message = LeanTestSetup.BlockingMessage(action, "0123456789abcdef0123456789abcdef");

        var publication = await balancer.PublishAsync(action, message, CancellationToken.None);
        var activeWhileWaiting = balancer.ActiveActivationsFor("uuid-guest");
        var outcome = await publication.Result.WaitAsync(TimeSpan.FromSeconds(20));
        await publication.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        var stored = await store.GetAsync("guest", message.ActivationId, CancellationToken.None);
        await balancer.StopAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(activeWhileWaiting, Is.EqualTo(1));
            Assert.That(outcome.Record!.Response.StatusCode, Is.EqualTo(ActivationStatus.WhiskError), "the caller is answered");
            Assert.That(stored?.Response.StatusCode, Is.EqualTo(ActivationStatus.WhiskError), "the record is stored");
            Assert.That(balancer.ActiveActivationsFor("uuid-guest"), Is.Zero, "the namespace's slot is freed");
            Assert.That(balancer.TotalActiveActivations, Is.Zero);
        });
    }
}
