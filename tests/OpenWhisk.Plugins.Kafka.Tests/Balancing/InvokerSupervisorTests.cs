using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OpenWhisk.Plugins.Kafka.Balancing;
using OpenWhisk.Spi.Invokers;
using OpenWhisk.Spi.LoadBalancing;

namespace OpenWhisk.Plugins.Kafka.Tests.Balancing;

[TestFixture]
public sealed class InvokerSupervisorTests
{
    private readonly ConcurrentQueue<(int Invoker, string ActivationId)> tests = new();
    private readonly ConcurrentQueue<int> offline = new();
    private FakeTimeProvider time = null!;
    private InvokerSupervisor supervisor = null!;
    private int testCounter;

    [SetUp]
    public void Start()
    {
        tests.Clear();
        offline.Clear();
        time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        supervisor = new InvokerSupervisor(
            new KafkaLoadBalancerOptions { OfflineAfter = TimeSpan.FromSeconds(10), TestActionInterval = TimeSpan.FromMinutes(1), TestActionTimeout = TimeSpan.FromSeconds(90) },
            time,
            NullLogger.Instance,
            id =>
            {
                var activationId = "test" + Interlocked.Increment(ref testCounter);
                tests.Enqueue((id.Instance, activationId));
                return Task.FromResult<string?>(activationId);
            },
            id =>
            {
                offline.Enqueue(id.Instance);
                return Task.CompletedTask;
            });
    }

    [TearDown]
    public async Task Stop() => await supervisor.DisposeAsync();

    [Test]
    public void A_new_invoker_starts_unhealthy_and_gets_a_test_action()
    {
        supervisor.Ping(Ping(1));
        Assert.That(() => StateOf(1), Is.EqualTo(InvokerState.Unhealthy).After(2000, 10));
        Assert.That(() => tests.Count, Is.EqualTo(1).After(2000, 10));
        Assert.That(StateOf(0), Is.EqualTo(InvokerState.Offline), "the list is padded with offline placeholders");
    }

    [Test]
    public void A_successful_test_action_makes_the_invoker_healthy()
    {
        supervisor.Ping(Ping(0));
        Assert.That(() => tests.Count, Is.EqualTo(1).After(2000, 10));
        tests.TryPeek(out var test);
        supervisor.TestCompleted(test.ActivationId, systemError: false);
        Assert.That(() => StateOf(0), Is.EqualTo(InvokerState.Healthy).After(2000, 10));
    }

    [Test]
    public void A_silent_invoker_goes_offline_but_keeps_its_activations_for_their_completions()
    {
        MakeHealthy(0);
        MakeHealthy(1);
        Advance(TimeSpan.FromSeconds(9), keepPinging: 1);
        Assert.That(StateOf(0), Is.EqualTo(InvokerState.Healthy));
        Advance(TimeSpan.FromSeconds(2), keepPinging: 1);
        Assert.That(() => StateOf(0), Is.EqualTo(InvokerState.Offline).After(2000, 10));
        Assert.That(Settled(), Is.True);
        Assert.That(offline, Is.Empty, "a stalled invoker may still answer; the completion timeout decides");
        Assert.That(StateOf(1), Is.EqualTo(InvokerState.Healthy));
    }

    [Test]
    public void An_invoker_back_from_a_stall_with_the_same_incarnation_keeps_its_activations()
    {
        supervisor.Ping(Ping(0) with { Incarnation = "first" });
        MakeHealthy(0);
        Advance(TimeSpan.FromSeconds(20));
        Assert.That(() => StateOf(0), Is.EqualTo(InvokerState.Offline).After(2000, 10));
        supervisor.Ping(Ping(0) with { Incarnation = "first" });
        Assert.That(() => StateOf(0), Is.EqualTo(InvokerState.Unhealthy).After(2000, 10));
        Assert.That(Settled(), Is.True);
        Assert.That(offline, Is.Empty);
    }

    [Test]
    public void A_restarted_invoker_has_the_activations_of_its_predecessor_forced_to_end_at_once()
    {
        supervisor.Ping(Ping(0) with { Incarnation = "first" });
        MakeHealthy(0);
        supervisor.Ping(Ping(0) with { Incarnation = "second" });
        Assert.That(() => offline, Is.EqualTo(new[] { 0 }).After(2000, 10));
        supervisor.Ping(Ping(0) with { Incarnation = "second" });
        Assert.That(Settled(), Is.True);
        Assert.That(offline, Is.EqualTo(new[] { 0 }), "forced once, for the restart");
    }

    [Test]
    public void When_every_invoker_falls_silent_they_go_offline_but_keep_their_activations()
    {
        MakeHealthy(0);
        MakeHealthy(1);
        Advance(TimeSpan.FromSeconds(11));
        Assert.That(() => StateOf(0), Is.EqualTo(InvokerState.Offline).After(2000, 10));
        Assert.That(() => StateOf(1), Is.EqualTo(InvokerState.Offline).After(2000, 10));
        Assert.That(Settled(), Is.True);
        Assert.That(offline, Is.Empty, "a silent bus is no reason to give up on activations");
    }

    [Test]
    public void A_ping_brings_an_offline_invoker_back_as_unhealthy()
    {
        MakeHealthy(0);
        Advance(TimeSpan.FromSeconds(11));
        Assert.That(() => StateOf(0), Is.EqualTo(InvokerState.Offline).After(2000, 10));
        supervisor.Ping(Ping(0));
        Assert.That(() => StateOf(0), Is.EqualTo(InvokerState.Unhealthy).After(2000, 10));
    }

    [Test]
    public void A_disabled_invoker_is_offline_at_once()
    {
        MakeHealthy(0);
        supervisor.Ping(Ping(0) with { IsEnabled = false });
        Assert.That(() => StateOf(0), Is.EqualTo(InvokerState.Offline).After(2000, 10));
        Assert.That(Settled(), Is.True);
        Assert.That(offline, Is.Empty, "a disabled invoker finishes the work it has");
    }

    [Test]
    public void More_than_three_system_errors_in_the_last_ten_make_it_unhealthy()
    {
        MakeHealthy(0);
        for (var i = 0; i < 6; i++)
        {
            supervisor.Report(0, ActivationEnd.Success);
        }

        for (var i = 0; i < 3; i++)
        {
            supervisor.Report(0, ActivationEnd.SystemError);
        }

        supervisor.Report(0, ActivationEnd.Success);
        Assert.That(() => Settled(), Is.True.After(2000, 10));
        Assert.That(StateOf(0), Is.EqualTo(InvokerState.Healthy), "three errors are tolerated");
        supervisor.Report(0, ActivationEnd.SystemError);
        Assert.That(() => StateOf(0), Is.EqualTo(InvokerState.Unhealthy).After(2000, 10));
    }

    [Test]
    public void More_than_three_timeouts_make_it_unresponsive()
    {
        MakeHealthy(0);
        for (var i = 0; i < 6; i++)
        {
            supervisor.Report(0, ActivationEnd.Success);
        }

        for (var i = 0; i < 4; i++)
        {
            supervisor.Report(0, ActivationEnd.Timeout);
        }

        Assert.That(() => StateOf(0), Is.EqualTo(InvokerState.Unresponsive).After(2000, 10));
    }

    [Test]
    public void Activations_abandoned_with_a_lost_invoker_do_not_count_against_it_later()
    {
        MakeHealthy(0);
        Advance(TimeSpan.FromSeconds(11));
        Assert.That(() => StateOf(0), Is.EqualTo(InvokerState.Offline).After(2000, 10));
        var testsBefore = tests.Count;
        supervisor.Ping(Ping(0));
        Assert.That(() => tests.Count, Is.GreaterThan(testsBefore).After(2000, 10));
        for (var i = 0; i < 20; i++)
        {
            supervisor.Report(0, ActivationEnd.Abandoned);
        }

        var test = tests.Last(t => t.Invoker == 0);
        supervisor.TestCompleted(test.ActivationId, systemError: false);
        Assert.That(() => StateOf(0), Is.EqualTo(InvokerState.Healthy).After(2000, 10));
    }

    [Test]
    public void An_unhealthy_invoker_gets_a_test_action_every_interval()
    {
        supervisor.Ping(Ping(0));
        Assert.That(() => tests.Count, Is.EqualTo(1).After(2000, 10));
        for (var second = 0; second < 61; second++)
        {
            supervisor.Ping(Ping(0));
            Advance(TimeSpan.FromSeconds(1));
        }

        Assert.That(() => tests.Count, Is.EqualTo(2).After(2000, 10));
        Assert.That(StateOf(0), Is.EqualTo(InvokerState.Unhealthy));
    }

    [Test]
    public void An_unanswered_test_action_counts_as_a_timeout()
    {
        supervisor.Ping(Ping(0));
        Assert.That(() => tests.Count, Is.EqualTo(1).After(2000, 10));
        for (var second = 0; second < 91; second++)
        {
            supervisor.Ping(Ping(0));
            Advance(TimeSpan.FromSeconds(1));
        }

        Assert.That(() => StateOf(0), Is.EqualTo(InvokerState.Unresponsive).After(2000, 10));
    }

    private static PingMessage Ping(int instance) => new(new InvokerInstanceId { Instance = instance, UserMemoryMb = 1024, UniqueName = instance.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    private void MakeHealthy(int instance)
    {
        supervisor.Ping(Ping(instance));
        Assert.That(() => tests.Any(t => t.Invoker == instance), Is.True.After(2000, 10));
        supervisor.TestCompleted(tests.First(t => t.Invoker == instance).ActivationId, systemError: false);
        Assert.That(() => StateOf(instance), Is.EqualTo(InvokerState.Healthy).After(2000, 10));
    }

    private void Advance(TimeSpan by, int? keepPinging = null)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < by; elapsed += TimeSpan.FromSeconds(1))
        {
            if (keepPinging is { } instance)
            {
                supervisor.Ping(Ping(instance));
            }

            time.Advance(TimeSpan.FromSeconds(1));
            Assert.That(() => Settled(), Is.True.After(2000, 5));
        }
    }

    private bool Settled() => supervisor.FlushAsync().Wait(TimeSpan.FromSeconds(2));

    private InvokerState StateOf(int instance) =>
        supervisor.Health.Count > instance ? supervisor.Health[instance].State : InvokerState.Offline;
}
