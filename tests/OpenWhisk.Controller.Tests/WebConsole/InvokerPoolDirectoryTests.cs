using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpenWhisk.Controller.Hosting;
using OpenWhisk.Controller.WebConsole;
using OpenWhisk.Spi.Invokers;
using OpenWhisk.Spi.Toolkit.Messaging;

namespace OpenWhisk.Controller.Tests.WebConsole;

[TestFixture]
public sealed class InvokerPoolDirectoryTests
{
    private FakeTimeProvider time = null!;

    [SetUp]
    public void StartClock() => time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000));

    [Test]
    public void The_last_ping_s_pool_is_kept_per_invoker_and_a_disabling_ping_keeps_it()
    {
        var directory = Directory();
        directory.Heard(Ping(0, count: 1));
        directory.Heard(Ping(1, count: 4));
        time.Advance(TimeSpan.FromSeconds(1));
        directory.Heard(Ping(0, count: 3));
        directory.Heard(new PingMessage(Invoker(1), IsEnabled: false));

        var views = directory.Snapshot();

        Assert.Multiple(() =>
        {
            Assert.That(views.Select(v => v.Name), Is.EqualTo(new[] { "invoker0", "invoker1" }));
            Assert.That(views[0].Status!.Activations.Count, Is.EqualTo(3));
            Assert.That(views[0].Samples, Has.Count.EqualTo(2));
            Assert.That(views[1].Enabled, Is.False);
            Assert.That(views[1].Status!.Activations.Count, Is.EqualTo(4));
            Assert.That(views[1].SeenAt, Is.EqualTo(1_001_000));
        });
    }

    [Test]
    public void Pings_older_than_the_history_and_ones_overtaken_by_a_later_one_are_ignored()
    {
        var directory = Directory();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        directory.Heard(Ping(0, count: 50, at: now - 3_600_000));
        directory.Heard(Ping(1, count: 5, at: now));
        directory.Heard(Ping(1, count: 4, at: now - 1_000));

        var views = directory.Snapshot();

        Assert.Multiple(() =>
        {
            Assert.That(views.Select(v => v.Name), Is.EqualTo(new[] { "invoker1" }), "an hour-old ping replayed from the topic");
            Assert.That(views[0].Status!.Activations.Count, Is.EqualTo(5));
            Assert.That(views[0].Samples, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void Samples_older_than_the_history_are_dropped()
    {
        var directory = Directory();
        for (var second = 0; second < 600; second++)
        {
            directory.Heard(Ping(0, count: second));
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var samples = directory.Snapshot()[0].Samples;

        Assert.Multiple(() =>
        {
            Assert.That(samples, Has.Count.LessThanOrEqualTo(311), "five minutes and two steps of one-second pings");
            Assert.That(samples[^1].Totals.Count, Is.EqualTo(599));
        });
    }

    [Test]
    public async Task It_hears_the_pings_on_the_health_topic()
    {
        var messaging = new InMemoryMessagingProvider(Options.Create(new InMemoryMessagingOptions()), TimeProvider.System);
        var directory = new InvokerPoolDirectory(
            messaging, Options.Create(new ControllerOptions()), Options.Create(new ConsoleOptions()), TimeProvider.System, NullLogger<InvokerPoolDirectory>.Instance);
        await directory.StartAsync(CancellationToken.None);
        try
        {
            await using var producer = messaging.CreateProducer(Spi.Messaging.MessageProducerOptions.Default);
            for (var attempt = 0; attempt < 100 && directory.Snapshot().Count == 0; attempt++)
            {
                await producer.SendAsync(PingMessage.Topic, MessageSerializer.Serialize(Ping(2, count: 7, at: TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds())), CancellationToken.None);
                await Task.Delay(100);
            }

            Assert.That(directory.Snapshot().Single().Status!.Activations.Count, Is.EqualTo(7));
        }
        finally
        {
            await directory.StopAsync(CancellationToken.None);
        }
    }

    private InvokerPoolDirectory Directory() => new(
        new InMemoryMessagingProvider(Options.Create(new InMemoryMessagingOptions()), time), Options.Create(new ControllerOptions()), Options.Create(new ConsoleOptions()), time, NullLogger<InvokerPoolDirectory>.Instance);

    private static InvokerInstanceId Invoker(int instance) => new() { Instance = instance, UserMemoryMb = 1024 };

    private PingMessage Ping(int instance, long count, long? at = null) => new(Invoker(instance))
    {
        Pool = new InvokerPoolStatus(
            at ?? time.GetUtcNow().ToUnixTimeMilliseconds(),
            256,
            1024,
            0,
            0,
            [new ContainerGroupStatus("guest/a", "nodejs:20", ContainerGroupStates.Warm, 1, 256)],
            0,
            new ActivationTotals(count, 0, [count])),
    };
}
