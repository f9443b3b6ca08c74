using System.Text.Json;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Logs;

namespace OpenWhisk.TestKit.Logs;

/// <summary>
/// The behaviour every <see cref="ILogStore"/> must have. A store that collects keeps every line the action printed,
/// in order and per activation, asks the container for no more than the action's log limit, reports a cut-short or
/// failed read as <see cref="LogCollectionResult.Failed"/> instead of throwing, stops when cancelled, and serves the
/// lines back for a stored record. A store that does not collect (logs shipped out of band) asks the container
/// for nothing and still answers a fetch.
/// </summary>
public abstract class LogStoreConformanceTests
{
    /// <summary>Gets the store under test, fresh for each test.</summary>
    protected ILogStore Store { get; private set; } = null!;

    /// <summary>Creates the store for one test.</summary>
    /// <returns>The store.</returns>
    protected abstract Task<ILogStore> CreateStoreAsync();

    /// <summary>Releases the store after a test.</summary>
    /// <returns>A task.</returns>
    protected virtual Task DisposeStoreAsync() => Task.CompletedTask;

    [SetUp]
    public async Task CreateStore() => Store = await CreateStoreAsync();

    [TearDown]
    public Task DisposeStore() => DisposeStoreAsync();

    [Test]
    public async Task Collects_every_line_the_action_printed_in_order()
    {
        var container = Container(["first", "second", "third"]);

        var collected = await Store.CollectAsync(Context(container), CancellationToken.None);

        if (Store.CollectsLogs)
        {
            Assert.Multiple(() =>
            {
                Assert.That(Positions(collected.Logs, ["first", "second", "third"]), Is.Ordered.And.All.GreaterThanOrEqualTo(0), string.Join('\n', collected.Logs));
                Assert.That(collected.Failed, Is.False);
            });
        }
        else
        {
            AssertCollectedNothing(collected, container);
        }
    }

    [Test]
    public async Task Asks_the_container_for_no_more_than_the_action_log_limit()
    {
        var container = Container(["line"]);

        await Store.CollectAsync(Context(container, logsMb: 2), CancellationToken.None);

        if (Store.CollectsLogs)
        {
            Assert.That(container.Requests.Select(r => r.LimitBytes), Is.Not.Empty.And.All.InRange(1L, 2L * 1024 * 1024));
        }
        else
        {
            Assert.That(container.Requests, Is.Empty);
        }
    }

    [Test]
    public async Task Logs_cut_short_at_the_limit_are_a_failed_collection_that_keeps_what_was_read()
    {
        var container = new ScriptedLogContainer(new ContainerLogs([Line("kept")], Truncated: true, Incomplete: false));

        var collected = await Store.CollectAsync(Context(container), CancellationToken.None);

        if (Store.CollectsLogs)
        {
            Assert.Multiple(() =>
            {
                Assert.That(collected.Failed, Is.True);
                Assert.That(collected.Logs, Has.Some.Contains("kept"));
            });
        }
        else
        {
            AssertCollectedNothing(collected, container);
        }
    }

    [Test]
    public async Task A_container_whose_logs_cannot_be_read_is_a_failed_collection_not_an_exception()
    {
        var container = new ScriptedLogContainer(ContainerLogs.Empty, new IOException("the log file is gone"));

        var collected = await Store.CollectAsync(Context(container), CancellationToken.None);

        Assert.That(collected.Failed, Is.EqualTo(Store.CollectsLogs));
    }

    [Test]
    public async Task A_cancelled_collection_stops_with_a_cancellation()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var container = Container(["never read"]);

        if (Store.CollectsLogs)
        {
            Assert.That(async () => await Store.CollectAsync(Context(container), cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
        }
        else
        {
            AssertCollectedNothing(await Store.CollectAsync(Context(container), cancelled.Token), container);
        }
    }

    [Test]
    public async Task Fetch_serves_the_lines_collected_for_a_stored_activation()
    {
        var context = Context(Container(["alpha", "beta"]));
        var collected = await Store.CollectAsync(context, CancellationToken.None);
        var stored = context.Activation with { Logs = collected.Logs };

        var fetched = await Store.FetchAsync(stored, CancellationToken.None);

        if (Store.CollectsLogs)
        {
            Assert.That(Positions(fetched, ["alpha", "beta"]), Is.Ordered.And.All.GreaterThanOrEqualTo(0), string.Join('\n', fetched));
        }
        else
        {
            Assert.That(fetched, Is.Not.Null);
        }
    }

    [Test]
    public async Task Concurrent_collections_keep_each_activation_to_its_own_lines()
    {
        var contexts = Enumerable.Range(0, 16)
            .Select(i => Context(Container([$"activation-{i:00}-a", $"activation-{i:00}-b"])))
            .ToList();

        var results = await Task.WhenAll(contexts.Select(c => Store.CollectAsync(c, CancellationToken.None)));

        Assert.Multiple(() =>
        {
            for (var i = 0; i < results.Length; i++)
            {
                var mentioned = results[i].Logs.SelectMany(l => System.Text.RegularExpressions.Regex.Matches(l, @"activation-(\d\d)-").Select(m => m.Groups[1].Value)).Distinct();
                Assert.That(mentioned, Store.CollectsLogs ? Is.EqualTo(new[] { $"{i:00}" }) : Is.Empty, $"activation {i}");
            }
        });
    }

    /// <summary>A container whose logs are the given stdout lines, complete.</summary>
    /// <param name="messages">The lines the action printed.</param>
    /// <returns>The container.</returns>
    protected static ScriptedLogContainer Container(IEnumerable<string> messages) =>
        new(new ContainerLogs(messages.Select(Line).ToList(), Truncated: false, Incomplete: false));

    /// <summary>The collection context of a fresh successful activation of <c>guest/logger</c> in the container.</summary>
    /// <param name="container">The container the action ran in.</param>
    /// <param name="logsMb">The action's log limit in megabytes.</param>
    /// <returns>The context.</returns>
    protected static LogCollectionContext Context(IContainer container, int logsMb = 10)
    {
        var id = Guid.NewGuid().ToString("N");
        return new LogCollectionContext
        {
            Activation = new ActivationRecord
            {
                Namespace = "guest",
                Name = "logger",
                Subject = "guest",
                ActivationId = id,
                Start = 1_700_000_000_000,
                End = 1_700_000_000_005,
                Duration = 5,
                Response = ActivationResponse.Success(JsonSerializer.SerializeToElement(new { ok = true })),
                Annotations = [KeyValue.Of("path", "guest/logger"), KeyValue.Of("kind", "nodejs:20")],
            },
            Action = new WhiskAction
            {
                Namespace = "guest",
                Name = "logger",
                Exec = new ActionExec { Kind = "nodejs:20", Code = "function main() { return {}; }" },
                Limits = new ActionLimits { LogsMb = logsMb },
            },
            User = new Identity { Subject = "guest", Namespace = new NamespaceInfo("guest", "uuid-guest"), AuthKey = new AuthKey("uuid-guest:secret") },
            Container = container,
        };
    }

    private static ContainerLogLine Line(string message) => new("2026-01-01T00:00:00.000000000Z", "stdout", message);

    private static List<int> Positions(IReadOnlyList<string> lines, IEnumerable<string> messages) =>
        messages.Select(m => lines.ToList().FindIndex(l => l.Contains(m, StringComparison.Ordinal))).ToList();

    private static void AssertCollectedNothing(LogCollectionResult collected, ScriptedLogContainer container) =>
        Assert.Multiple(() =>
        {
            Assert.That(collected.Logs, Is.Empty, "a store that does not collect keeps no lines");
            Assert.That(collected.Failed, Is.False);
            Assert.That(container.Requests, Is.Empty, "a store that does not collect asks the container for nothing");
        });
}
