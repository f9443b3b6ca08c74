using System.Security.Cryptography;
using System.Text.Json;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.LoadBalancing;

namespace OpenWhisk.TestKit.LoadBalancing;

/// <summary>
/// The behaviour every <see cref="ILoadBalancer"/> must have, whatever it places activations on: a placed activation
/// answers its blocking caller with its own record and a non-blocking one with its id; while in flight it is counted
/// for its namespace; once it completes nothing of it is left (counts, the in-flight list); many concurrent
/// activations each get their own answer. The derived fixture creates the balancer on a backend that runs
/// activations: invokers over a bus (<see cref="BusInvoker"/> plays one), containers, or its own; activations carry
/// <c>simulate.durationMs</c>, which the simulated container factory and <see cref="BusInvoker"/> honour.
/// </summary>
public abstract class LoadBalancerConformanceTests
{
    /// <summary>The namespace uuid of the test caller.</summary>
    protected const string GuestUuid = "6b3e2e67-0c4c-4a39-9bd7-2c1b0e3f0d11";

    private static readonly Identity Guest = new()
    {
        Subject = "guest",
        Namespace = new NamespaceInfo("guest", GuestUuid),
        AuthKey = new AuthKey(GuestUuid + ":secret"),
    };

    /// <summary>Gets the balancer under test, started and ready, fresh for each test.</summary>
    protected ILoadBalancer Balancer { get; private set; } = null!;

    /// <summary>Creates and starts the balancer on its backend, ready to place activations.</summary>
    /// <returns>The balancer.</returns>
    protected abstract Task<ILoadBalancer> CreateBalancerAsync();

    /// <summary>Stops the balancer and its backend.</summary>
    /// <returns>A task.</returns>
    protected abstract Task DisposeBalancerAsync();

    /// <summary>The action the tests run: a 256 MB nodejs:20 action; override to meet what the balancer takes.</summary>
    /// <param name="name">The action's name.</param>
    /// <returns>The action.</returns>
    protected virtual WhiskAction CreateAction(string name) => new()
    {
        Namespace = "guest",
        Name = name,
        Version = SemVer.Initial,
        Exec = new ActionExec { Kind = "nodejs:20", Code = "function main(args) { return args; }" },
        Limits = new ActionLimits { MemoryMb = 256, TimeoutMs = 30_000 },
        Updated = 1,
    };

    [SetUp]
    public async Task CreateBalancer() => Balancer = await CreateBalancerAsync();

    [TearDown]
    public Task DisposeBalancer() => DisposeBalancerAsync();

    [Test]
    public async Task Answers_a_blocking_caller_with_the_activation_s_own_record()
    {
        var action = CreateAction("conform-blocking");
        var message = Message(action, new { n = 7 });

        var publication = await Balancer.PublishAsync(action, message, CancellationToken.None);
        var outcome = await publication.Result.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(publication.ActivationId, Is.EqualTo(message.ActivationId));
            Assert.That(outcome.ActivationId, Is.EqualTo(message.ActivationId));
            Assert.That(outcome.Record?.ActivationId, Is.EqualTo(message.ActivationId));
            Assert.That(outcome.Record?.Response.StatusCode, Is.EqualTo(ActivationStatus.Success));
            Assert.That(outcome.Record?.Response.Result?.GetProperty("n").GetInt32(), Is.EqualTo(7));
        });
    }

    [Test]
    public async Task Answers_a_non_blocking_caller_with_the_activation_id()
    {
        var action = CreateAction("conform-nonblocking");
        var message = Message(action, simulateMs: 200) with { Blocking = false };

        var publication = await Balancer.PublishAsync(action, message, CancellationToken.None);
        var outcome = await publication.Result.WaitAsync(TimeSpan.FromSeconds(30));
        await publication.Completion.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ActivationId, Is.EqualTo(message.ActivationId));
            Assert.That(outcome.Record?.ActivationId, Is.Null.Or.EqualTo(message.ActivationId), "a record, if the tracker carries one, is this activation's");
            Assert.That(Balancer.TotalActiveActivations, Is.Zero);
        });
    }

    [Test]
    public async Task Counts_an_activation_in_flight_for_its_namespace_and_forgets_it_once_it_completes()
    {
        var action = CreateAction("conform-inflight");
        var message = Message(action, simulateMs: 1500);

        var publication = await Balancer.PublishAsync(action, message, CancellationToken.None);
        var (namespaceCount, total, listed) = (Balancer.ActiveActivationsFor(GuestUuid), Balancer.TotalActiveActivations, Balancer.GetActiveActivations());
        var onTargets = listed.Select(a => Balancer.ActiveActivationsOn(a.Target)).ToList();
        await publication.Completion.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(namespaceCount, Is.EqualTo(1), "in flight, for its namespace");
            Assert.That(total, Is.EqualTo(1), "in flight, in all");
            Assert.That(listed.Select(a => a.ActivationId), Is.Empty.Or.EqualTo(new[] { message.ActivationId }), "listed, by a balancer that keeps the list");
            Assert.That(onTargets, Is.All.EqualTo(1), "counted on its target");
            Assert.That(Balancer.ActiveActivationsFor(GuestUuid), Is.Zero, "completed: nothing left for its namespace");
            Assert.That(Balancer.TotalActiveActivations, Is.Zero, "completed: nothing left");
            Assert.That(Balancer.GetActiveActivations(), Is.Empty, "completed: not listed");
        });
    }

    [Test]
    public async Task Answers_each_of_many_concurrent_activations_with_its_own_record()
    {
        var action = CreateAction("conform-concurrent");
        var messages = Enumerable.Range(0, 30).Select(i => Message(action, new { i }, simulateMs: 50)).ToList();

        var publications = await Task.WhenAll(messages.Select(m => Balancer.PublishAsync(action, m, CancellationToken.None)));
        var outcomes = await Task.WhenAll(publications.Select(p => p.Result.WaitAsync(TimeSpan.FromSeconds(60))));
        await Task.WhenAll(publications.Select(p => p.Completion.WaitAsync(TimeSpan.FromSeconds(60))));

        Assert.Multiple(() =>
        {
            for (var i = 0; i < messages.Count; i++)
            {
                Assert.That(outcomes[i].Record?.ActivationId, Is.EqualTo(messages[i].ActivationId));
                Assert.That(outcomes[i].Record?.Response.Result?.GetProperty("i").GetInt32(), Is.EqualTo(i));
            }

            Assert.That(Balancer.TotalActiveActivations, Is.Zero);
        });
    }

    [Test]
    public async Task Names_itself_and_reports_the_health_of_distinct_invokers()
    {
        var health = await Balancer.GetInvokerHealthAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(Balancer.Name, Is.Not.Empty);
            Assert.That(Balancer.ClusterSize, Is.GreaterThanOrEqualTo(1));
            Assert.That(health, Is.Not.Null);
            Assert.That(health.Select(h => h.Id.Instance), Is.Unique);
        });
    }

    /// <summary>A blocking activation of the action by <c>guest</c>.</summary>
    /// <param name="action">The action.</param>
    /// <param name="parameters">Its parameters, or none.</param>
    /// <param name="simulateMs">How long it runs, through <c>simulate.durationMs</c>.</param>
    /// <returns>The message.</returns>
    protected virtual ActivationMessage Message(WhiskAction action, object? parameters = null, int simulateMs = 0)
    {
        ArgumentNullException.ThrowIfNull(action);
        var content = JsonSerializer.SerializeToNode(parameters ?? new { })!.AsObject();
        if (simulateMs > 0)
        {
            content["simulate"] = JsonSerializer.SerializeToNode(new { durationMs = simulateMs });
        }

        return new ActivationMessage
        {
            TransactionId = new TransactionId(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()),
            Action = ActionReference.For(action),
            Revision = "1-" + action.Version,
            User = Guest,
            ActivationId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            RootControllerIndex = new ControllerInstanceId("0"),
            Blocking = true,
            Content = JsonSerializer.SerializeToElement(content),
            Balancer = Balancer.Name,
        };
    }
}
