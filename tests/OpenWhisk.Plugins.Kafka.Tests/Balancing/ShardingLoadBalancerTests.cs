using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using OpenWhisk.Plugins.Kafka.Balancing;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Invokers;
using OpenWhisk.Spi.LoadBalancing;
using OpenWhisk.Spi.Messaging;
using Options = Microsoft.Extensions.Options.Options;
using OpenWhisk.Spi.Toolkit.Messaging;

namespace OpenWhisk.Plugins.Kafka.Tests.Balancing;

/// <summary>The sharding balancer over the in-memory bus, with invokers played by the test.</summary>
[TestFixture]
public sealed class ShardingLoadBalancerTests
{
    private static readonly Identity Guest = new()
    {
        Subject = "guest",
        Namespace = new NamespaceInfo("guest", "23bc46b1-71f6-4ed5-8c54-816aa4f8c502"),
        AuthKey = new AuthKey("23bc46b1-71f6-4ed5-8c54-816aa4f8c502:secret"),
    };

    private readonly Dictionary<string, IMessageConsumer> consumers = [];
    private FlakyMessagingProvider bus = null!;
    private RecordingActivationTracker tracker = null!;
    private ShardingLoadBalancer balancer = null!;
    private IMessageProducer invokerSide = null!;
    private int userMemory = 2048;

    [TearDown]
    public async Task Stop()
    {
        await balancer.StopAsync(CancellationToken.None);
        await balancer.DisposeAsync();
        tracker.Dispose();
        await invokerSide.DisposeAsync();
        foreach (var consumer in consumers.Values)
        {
            await consumer.DisposeAsync();
        }

        consumers.Clear();
    }

    [Test]
    public async Task Answers_unavailable_when_no_invoker_is_known()
    {
        await StartAsync();
        Assert.ThrowsAsync<LoadBalancerUnavailableException>(() => balancer.PublishAsync(Action("hello"), Message(Action("hello")), CancellationToken.None));
        Assert.That(tracker.Total, Is.Zero);
    }

    [Test]
    public async Task A_new_invoker_gets_a_health_test_action_and_is_used_once_it_succeeds()
    {
        await StartAsync();
        await PingAsync(0);
        var test = await ReceiveAsync(0, healthTest: true);
        Assert.Multiple(() =>
        {
            Assert.That(test.TransactionId.Id, Is.EqualTo(TransactionId.InvokerHealthId));
            Assert.That(test.Action.FullyQualifiedName, Is.EqualTo("whisk.system/invokerHealthTestAction0"));
            Assert.That(test.ActionDocument!.Limits.MemoryMb, Is.EqualTo(128));
            Assert.That(test.Blocking, Is.False);
        });
        Assert.ThrowsAsync<LoadBalancerUnavailableException>(() => balancer.PublishAsync(Action("hello"), Message(Action("hello")), CancellationToken.None), "an unhealthy invoker takes no work");

        await AcknowledgeAsync(test);
        await WaitForStateAsync(0, InvokerState.Healthy);
        var action = Action("hello");
        var message = Message(action);
        await balancer.PublishAsync(action, message, CancellationToken.None);
        Assert.That((await ReceiveAsync(0)).ActivationId, Is.EqualTo(message.ActivationId));
    }

    [Test]
    public async Task Sends_each_action_to_its_home_invoker()
    {
        await StartAsync();
        await MakeHealthyAsync(0, 1, 2);
        foreach (var name in new[] { "hello", "noop", "a", "b", "c", "d" })
        {
            var action = Action(name);
            var message = Message(action);
            await balancer.PublishAsync(action, message, CancellationToken.None);
            var steps = ShardingPlacement.StepSizes(3);
            var (home, _) = ShardingPlacement.HomeAndStep(ShardingPlacement.Hash("guest", action.FullyQualifiedName), 3, steps);
            Assert.That(tracker.TargetOf(message.ActivationId), Is.EqualTo("invoker" + home), name);
            Assert.That((await ReceiveAsync(home)).ActivationId, Is.EqualTo(message.ActivationId));
        }
    }

    [Test]
    public async Task A_full_home_invoker_sends_work_to_the_next_and_its_completion_frees_the_slot()
    {
        await StartAsync(userMemoryMb: 256);
        await MakeHealthyAsync(0, 1);
        var action = Action("hello");
        var (home, _) = ShardingPlacement.HomeAndStep(ShardingPlacement.Hash("guest", "guest/hello"), 2, ShardingPlacement.StepSizes(2));
        var first = Message(action);
        await balancer.PublishAsync(action, first, CancellationToken.None);
        var second = Message(action);
        await balancer.PublishAsync(action, second, CancellationToken.None);
        Assert.That(tracker.TargetOf(first.ActivationId), Is.EqualTo("invoker" + home));
        Assert.That(tracker.TargetOf(second.ActivationId), Is.EqualTo("invoker" + (1 - home)));

        await AcknowledgeAsync(await ReceiveAsync(home));
        await WaitAsync(() => tracker.ActiveOn("invoker" + home) == 0);
        var third = Message(action);
        await balancer.PublishAsync(action, third, CancellationToken.None);
        Assert.That(tracker.TargetOf(third.ActivationId), Is.EqualTo("invoker" + home));
    }

    [Test]
    public async Task Blackbox_actions_go_to_the_blackbox_invokers()
    {
        await StartAsync();
        await MakeHealthyAsync(0, 1, 2);
        foreach (var name in new[] { "hello", "noop", "a", "b" })
        {
            var action = Action(name) with { Exec = new ActionExec { Kind = ActionExec.BlackboxKind, Image = "openwhisknet/dockerskeleton" } };
            var message = Message(action);
            await balancer.PublishAsync(action, message, CancellationToken.None);
            Assert.That(tracker.TargetOf(message.ActivationId), Is.EqualTo("invoker2"), name);
        }
    }

    [Test]
    public async Task A_publish_the_bus_rejects_answers_unavailable_and_frees_everything()
    {
        await StartAsync(userMemoryMb: 256);
        await MakeHealthyAsync(0);
        bus.Down = true;
        var action = Action("hello");
        var rejected = Message(action);
        Assert.ThrowsAsync<LoadBalancerUnavailableException>(() => balancer.PublishAsync(action, rejected, CancellationToken.None));
        Assert.Multiple(() =>
        {
            Assert.That(bus.FailedSends, Is.EqualTo(2), "one retry");
            Assert.That(tracker.Cancelled, Does.Contain(rejected.ActivationId));
            Assert.That(tracker.Total, Is.Zero);
        });

        bus.Down = false;
        var accepted = Message(action);
        await balancer.PublishAsync(action, accepted, CancellationToken.None);
        Assert.That(tracker.TargetOf(accepted.ActivationId), Is.EqualTo("invoker0"));
        Assert.That((await ReceiveAsync(0)).ActivationId, Is.EqualTo(accepted.ActivationId), "the slot of the rejected one was given back");
    }

    [Test]
    public async Task A_message_that_cannot_be_serialized_is_refused_without_tracking_it_or_keeping_its_slot()
    {
        await StartAsync(userMemoryMb: 256);
        await MakeHealthyAsync(0, 1);
        var action = Action("hello");
        var (home, _) = ShardingPlacement.HomeAndStep(ShardingPlacement.Hash("guest", "guest/hello"), 2, ShardingPlacement.StepSizes(2));
        var unwritable = Message(action) with { Content = JsonDocument.Parse("""{"s":"\ud800"}""").RootElement.Clone() };

        Assert.That(() => balancer.PublishAsync(action, unwritable, CancellationToken.None), Throws.InstanceOf<Exception>());
        Assert.That(tracker.Total, Is.Zero, "nothing tracked");

        var next = Message(action);
        await balancer.PublishAsync(action, next, CancellationToken.None);
        Assert.That(tracker.TargetOf(next.ActivationId), Is.EqualTo("invoker" + home), "the home invoker's only slot was given back");
    }

    [Test]
    public async Task Repeated_publish_failures_open_the_circuit_for_a_while()
    {
        await StartAsync(breakDuration: TimeSpan.FromSeconds(1));
        await MakeHealthyAsync(0);
        bus.Down = true;
        var action = Action("hello");
        for (var i = 0; i < 4; i++)
        {
            Assert.ThrowsAsync<LoadBalancerUnavailableException>(() => balancer.PublishAsync(action, Message(action), CancellationToken.None));
        }

        var sends = bus.FailedSends;
        Assert.ThrowsAsync<LoadBalancerUnavailableException>(() => balancer.PublishAsync(action, Message(action), CancellationToken.None));
        Assert.That(bus.FailedSends, Is.EqualTo(sends), "an open circuit does not touch the bus");

        bus.Down = false;
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var message = Message(action);
        await balancer.PublishAsync(action, message, CancellationToken.None);
        Assert.That((await ReceiveAsync(0)).ActivationId, Is.EqualTo(message.ActivationId));
    }

    [Test]
    public async Task Activations_on_a_silent_invoker_wait_for_it_new_work_goes_elsewhere_and_its_restart_forces_them()
    {
        await StartAsync(offlineAfter: TimeSpan.FromSeconds(2));
        await MakeHealthyAsync(0, 1);
        var (home, _) = ShardingPlacement.HomeAndStep(ShardingPlacement.Hash("guest", "guest/hello"), 2, ShardingPlacement.StepSizes(2));
        var silent = home;
        var action = Action("hello");
        var message = Message(action);
        await balancer.PublishAsync(action, message, CancellationToken.None);
        Assert.That(tracker.TargetOf(message.ActivationId), Is.EqualTo("invoker" + silent));

        // The other invoker keeps pinging; this one falls silent.
        using var pinging = new CancellationTokenSource();
        var pinger = Task.Run(async () =>
        {
            while (!pinging.IsCancellationRequested)
            {
                await PingAsync(1 - silent);
                await Task.Delay(300);
            }
        });
        await WaitForStateAsync(silent, InvokerState.Offline, TimeSpan.FromSeconds(10));
        var next = Message(action);
        await balancer.PublishAsync(action, next, CancellationToken.None);
        Assert.That(tracker.TargetOf(next.ActivationId), Is.EqualTo("invoker" + (1 - silent)));
        Assert.That(tracker.Forced, Is.Empty, "a silent invoker may still answer");

        // It comes back as a new process: what the old one held is lost.
        await PingAsync(silent, incarnation: "before");
        await PingAsync(silent, incarnation: "after");
        await WaitAsync(() => tracker.Forced.Contains(message.ActivationId));
        await pinging.CancelAsync();
        await pinger;
    }

    private static WhiskAction Action(string name) => new()
    {
        Namespace = "guest",
        Name = name,
        Exec = new ActionExec { Kind = "nodejs:20", Code = "function main(a) { return a; }" },
        Limits = new ActionLimits { MemoryMb = 256 },
    };

    private static ActivationMessage Message(WhiskAction action) => new()
    {
        TransactionId = new TransactionId("test", 0),
        Action = ActionReference.For(action),
        User = Guest,
        ActivationId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
        RootControllerIndex = new ControllerInstanceId("0"),
    };

    private static async Task WaitAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(5);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                Assert.Fail("Timed out waiting for the condition.");
            }

            await Task.Delay(10);
        }
    }

    private async Task StartAsync(int userMemoryMb = 2048, TimeSpan? offlineAfter = null, TimeSpan? breakDuration = null)
    {
        userMemory = userMemoryMb;
        bus = new FlakyMessagingProvider(new InMemoryMessagingProvider(Options.Create(new InMemoryMessagingOptions()), TimeProvider.System));
        tracker = new RecordingActivationTracker();
        var options = new KafkaLoadBalancerOptions
        {
            ControllerInstanceId = "0",
            OfflineAfter = offlineAfter ?? TimeSpan.FromSeconds(10),
            CircuitBreakDuration = breakDuration ?? TimeSpan.FromSeconds(5),
        };
        balancer = new ShardingLoadBalancer(bus, tracker, Options.Create(options), TimeProvider.System, NullLoggerFactory.Instance);
        await balancer.StartAsync(CancellationToken.None);
        invokerSide = bus.CreateProducer(MessageProducerOptions.Default);
    }

    private async Task MakeHealthyAsync(params int[] instances)
    {
        foreach (var instance in instances)
        {
            await PingAsync(instance);
            await AcknowledgeAsync(await ReceiveAsync(instance, healthTest: true));
        }

        foreach (var instance in instances)
        {
            await WaitForStateAsync(instance, InvokerState.Healthy);
        }
    }

    private Task PingAsync(int instance, string? incarnation = null) =>
        invokerSide.SendAsync(
            PingMessage.Topic,
            JsonSerializer.SerializeToUtf8Bytes(new PingMessage(new InvokerInstanceId { Instance = instance, UserMemoryMb = userMemory }, Incarnation: incarnation), OpenWhiskJson.Options),
            CancellationToken.None);

    /// <summary>Reads the next activation sent to an invoker; health test actions are answered and skipped unless asked for.</summary>
    private async Task<ActivationMessage> ReceiveAsync(int instance, bool healthTest = false)
    {
        var topic = "invoker" + instance;
        if (!consumers.TryGetValue(topic, out var consumer))
        {
            consumer = bus.CreateConsumer(new MessageConsumerOptions { Topic = topic, GroupId = topic, MaxPeek = 1 });
            consumers.Add(topic, consumer);
        }

        while (true)
        {
            var batch = await consumer.PeekAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
            Assert.That(batch, Has.Count.EqualTo(1), "a message on " + topic);
            await consumer.CommitAsync(CancellationToken.None);
            var message = JsonSerializer.Deserialize<ActivationMessage>(batch[0].Value.Span, OpenWhiskJson.Options)!;
            if (healthTest || message.TransactionId.Id != TransactionId.InvokerHealthId)
            {
                return message;
            }

            await AcknowledgeAsync(message);
        }
    }

    private Task AcknowledgeAsync(ActivationMessage message)
    {
        var record = new ActivationRecord
        {
            Namespace = message.User.Namespace.Name,
            Name = message.Action.Name,
            Subject = message.User.Subject,
            ActivationId = message.ActivationId,
            Response = ActivationResponse.Success(null),
        };
        var ack = Acknowledgement.Combined(message.TransactionId, record, new InvokerInstanceId { Instance = 0, UserMemoryMb = userMemory });
        return invokerSide.SendAsync("completed0", JsonSerializer.SerializeToUtf8Bytes(ack, OpenWhiskJson.Options), CancellationToken.None);
    }

    private Task WaitForStateAsync(int instance, InvokerState state, TimeSpan? timeout = null) =>
        WaitAsync(
            () =>
            {
                var health = balancer.GetInvokerHealthAsync(CancellationToken.None).Result;
                return health.Count > instance && health[instance].State == state;
            },
            timeout);
}
