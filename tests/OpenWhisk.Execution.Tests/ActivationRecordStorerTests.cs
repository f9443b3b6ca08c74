using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Execution.Tests;

[TestFixture]
public sealed class ActivationRecordStorerTests
{
    private string spool = null!;

    [SetUp]
    public void CreateSpool() => spool = Directory.CreateTempSubdirectory("owspool").FullName;

    [TearDown]
    public void RemoveSpool() => Directory.Delete(spool, recursive: true);

    [Test]
    public async Task Stores_straight_into_an_available_store_without_touching_the_disk()
    {
        var store = new FlakyStore(failures: 0);
        await using var storer = Storer(store, TimeProvider.System);

        await storer.StoreAsync(Message(), Record("a0"));

        Assert.That(store.Stored, Is.EqualTo(new[] { "a0" }));
        Assert.That(Directory.GetFiles(spool), Is.Empty);
    }

    [Test]
    public async Task Returns_at_once_when_the_store_is_down_and_stores_the_spooled_record_once_it_is_back()
    {
        var time = new FakeTimeProvider();
        var store = new FlakyStore(failures: 40, time);
        await using var storer = Storer(store, time);

        await storer.StoreAsync(Message(), Record("a1")).WaitAsync(TimeSpan.FromSeconds(5));
        var spooled = Directory.GetFiles(spool, "*.json");
        await RunOnAsync(time, () => store.Stored.Count == 1);

        Assert.Multiple(() =>
        {
            Assert.That(spooled, Has.Length.EqualTo(1), "the record is safe on disk before the caller goes on");
            Assert.That(store.Stored, Is.EqualTo(new[] { "a1" }));
            Assert.That(store.Attempts, Is.EqualTo(41), "retried until the store took it");
            Assert.That(Directory.GetFiles(spool, "*.json"), Is.Empty);
        });
    }

    [Test]
    public async Task A_store_slower_than_the_attempt_timeout_is_not_waited_for()
    {
        var time = new FakeTimeProvider();
        var store = new FlakyStore(failures: 0, time) { Hang = true };
        await using var storer = Storer(store, time);

        var storing = storer.StoreAsync(Message(), Record("a2"));
        await RunOnAsync(time, () => storing.IsCompleted);

        Assert.That(Directory.GetFiles(spool, "*.json").Select(Path.GetFileName), Is.EqualTo(new[] { "guest_a2.json" }));
    }

    [Test]
    public async Task Stopping_does_not_wait_for_a_store_call_that_never_returns_and_keeps_the_record_on_disk()
    {
        var store = new FlakyStore(failures: 1) { Hang = true };
        var storer = Storer(store, TimeProvider.System);
        await storer.StoreAsync(Message(), Record("a4"));
        await WaitUntilAsync(() => store.Attempts == 2);

        await storer.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            Assert.That(store.Attempts, Is.EqualTo(2), "the spool's own attempt was under way when it stopped");
            Assert.That(Directory.GetFiles(spool, "*.json").Select(Path.GetFileName), Is.EqualTo(new[] { "guest_a4.json" }));
        });
    }

    [Test]
    public async Task A_store_call_that_times_out_on_its_own_is_tried_again_not_set_aside()
    {
        var store = new FlakyStore(failures: 3) { Failure = () => new TaskCanceledException("command timeout") };
        await using var storer = Storer(store, TimeProvider.System);

        await storer.StoreAsync(Message(), Record("a5"));
        await WaitUntilAsync(() => store.Stored.Count == 1);

        Assert.Multiple(() =>
        {
            Assert.That(store.Stored, Is.EqualTo(new[] { "a5" }));
            Assert.That(Directory.Exists(Path.Combine(spool, "failed")), Is.False);
        });
    }

    [Test]
    public async Task A_record_the_store_refuses_is_replaced_by_a_substitute_that_says_why()
    {
        var store = new FlakyStore(failures: 0) { RefuseLogs = true };
        await using var storer = Storer(store, TimeProvider.System);

        await storer.StoreAsync(Message(), Record("a6") with { Logs = ["nul \0 here"] });

        var substitute = store.Records.Single();
        Assert.Multiple(() =>
        {
            Assert.That(substitute.ActivationId, Is.EqualTo("a6"));
            Assert.That(substitute.Logs, Is.Empty);
            Assert.That(substitute.Response.StatusCode, Is.EqualTo(ActivationStatus.DeveloperError));
            Assert.That(substitute.Response.Result!.Value.GetProperty("error").GetString(), Does.StartWith(ActivationRecordSubstitute.Message).And.Contain("refused"));
        });
    }

    [Test]
    public async Task A_spooled_record_the_store_refuses_is_replaced_by_its_substitute()
    {
        var down = new FlakyStore(failures: int.MaxValue);
        await using (var first = Storer(down, TimeProvider.System))
        {
            await first.StoreAsync(Message(), Record("a7") with { Logs = ["line"] });
        }

        var picky = new FlakyStore(failures: 0) { RefuseLogs = true };
        await using var second = Storer(picky, TimeProvider.System);
        await WaitUntilAsync(() => picky.Stored.Count == 1);

        Assert.Multiple(() =>
        {
            Assert.That(picky.Records.Single().Response.StatusCode, Is.EqualTo(ActivationStatus.DeveloperError));
            Assert.That(Directory.GetFiles(spool, "*.json"), Is.Empty);
            Assert.That(Directory.Exists(Path.Combine(spool, "failed")), Is.False);
        });
    }

    [Test]
    public async Task Records_spooled_by_an_earlier_run_are_stored_at_startup()
    {
        var down = new FlakyStore(failures: int.MaxValue);
        await using (var first = Storer(down, TimeProvider.System))
        {
            await first.StoreAsync(Message(), Record("b1"));
            await first.StoreAsync(Message(), Record("b2"));
        }

        var up = new FlakyStore(failures: 0);
        await using var second = Storer(up, TimeProvider.System);
        await WaitUntilAsync(() => up.Stored.Count == 2);

        Assert.That(up.Stored, Is.EquivalentTo(new[] { "b1", "b2" }));
        Assert.That(Directory.GetFiles(spool, "*.json"), Is.Empty);
    }

    [Test]
    public async Task A_spooled_record_the_store_refuses_for_good_is_set_aside_and_the_rest_go_on()
    {
        var down = new FlakyStore(failures: int.MaxValue);
        await using (var first = Storer(down, TimeProvider.System))
        {
            await first.StoreAsync(Message(), Record("refused"));
            await first.StoreAsync(Message(), Record("fine"));
        }

        var picky = new FlakyStore(failures: 0) { Refuse = "refused" };
        await using var second = Storer(picky, TimeProvider.System);
        await WaitUntilAsync(() => picky.Stored.Count == 1);

        Assert.That(picky.Stored, Is.EqualTo(new[] { "fine" }));
        Assert.That(Directory.GetFiles(Path.Combine(spool, "failed")).Select(Path.GetFileName), Is.EqualTo(new[] { "guest_refused.json" }));
    }

    [Test]
    public async Task Stores_nothing_for_a_namespace_that_opted_out()
    {
        var store = new FlakyStore(failures: 0);
        await using var storer = Storer(store, TimeProvider.System);
        var message = Message();
        message = message with { User = message.User with { Limits = new UserLimits { StoreActivations = false } } };

        await storer.StoreAsync(message, Record("a3"));

        Assert.That(store.Attempts, Is.Zero);
    }

    [TestCase(ActivationStoreLevel.Always, new[] { "ok", "app", "dev", "whisk" })]
    [TestCase(ActivationStoreLevel.Failures, new[] { "app", "dev", "whisk" })]
    [TestCase(ActivationStoreLevel.FailuresNotApplicationErrors, new[] { "dev", "whisk" })]
    [TestCase(ActivationStoreLevel.None, new string[0])]
    public async Task The_store_level_decides_which_records_are_stored(ActivationStoreLevel level, string[] expected)
    {
        var store = new FlakyStore(failures: 0);
        await using var storer = Storer(store, TimeProvider.System, level);

        await storer.StoreAsync(Message(), Record("ok"));
        await storer.StoreAsync(Message(), Record("app") with { Response = ActivationResponse.ApplicationError("no") });
        await storer.StoreAsync(Message(), Record("dev") with { Response = ActivationResponse.DeveloperError("bad") });
        await storer.StoreAsync(Message(), Record("whisk") with { Response = ActivationResponse.WhiskError("down") });

        Assert.That(store.Stored, Is.EqualTo(expected));
    }

    [Test]
    public async Task A_record_the_level_leaves_out_ends_its_journal_note_so_no_fallback_is_stored_for_it()
    {
        var store = new OpenWhisk.Plugins.Memory.InMemoryActivationStore();
        await using var storer = Storer(store, TimeProvider.System, ActivationStoreLevel.Failures);
        var deadline = DateTimeOffset.UnixEpoch.AddMinutes(1);
        await store.AcceptAsync(new AcceptedActivation(Record("noted") with { Response = ActivationResponse.WhiskError("stopped") }, deadline, "0"), CancellationToken.None);
        await store.AcceptAsync(new AcceptedActivation(Record("failed") with { Response = ActivationResponse.WhiskError("stopped") }, deadline, "0"), CancellationToken.None);

        // Non-blocking: answered with an id alone, so noted in the journal.
        await storer.StoreAsync(Message() with { Blocking = false }, Record("noted"));
        await storer.StoreAsync(Message() with { Blocking = false }, Record("failed") with { Response = ActivationResponse.ApplicationError("no") });

        var overdue = await store.ListOverdueAsync(deadline.AddHours(1), null, 10, CancellationToken.None);
        Assert.Multiple(async () =>
        {
            Assert.That(overdue, Is.Empty, "the success's note ended without a record, the failure's with its record");
            Assert.That(await store.GetAsync("guest", "noted", CancellationToken.None), Is.Null);
            Assert.That((await store.GetAsync("guest", "failed", CancellationToken.None))!.Response.StatusCode, Is.EqualTo(ActivationStatus.ApplicationError));
        });
    }

    [Test]
    public async Task A_blocking_result_that_went_out_without_its_record_is_stored_whatever_the_level()
    {
        var store = new FlakyStore(failures: 0);
        await using var storer = Storer(store, TimeProvider.System, ActivationStoreLevel.None);

        await storer.StoreAsync(Message(), Record("read-from-the-store"), always: true);
        await storer.StoreAsync(Message(), Record("answered-whole"));

        Assert.That(store.Stored, Is.EqualTo(new[] { "read-from-the-store" }));
    }

    private ActivationRecordStorer Storer(IActivationStore store, TimeProvider time, ActivationStoreLevel level = ActivationStoreLevel.Always) => new(
        store, Options.Create(new ActivationRunnerOptions { SpoolDirectory = spool, Store = level }), time, NullLogger<ActivationRecordStorer>.Instance);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }
    }

    /// <summary>Advances the fake clock a fifth of a second at a time until <paramref name="done"/> holds (at most 10 virtual minutes).</summary>
    private static async Task RunOnAsync(FakeTimeProvider time, Func<bool> done)
    {
        for (var step = 0; step < 3000 && !done(); step++)
        {
            await Task.Delay(1);
            time.Advance(TimeSpan.FromMilliseconds(200));
        }

        Assert.That(done(), Is.True, "done within 10 virtual minutes");
    }

    private static ActivationMessage Message()
    {
        var action = new WhiskAction { Namespace = "guest", Name = "stored", Exec = new ActionExec { Kind = "nodejs:20", Code = "x" } };
        return new ActivationMessage
        {
            TransactionId = new TransactionId("tid1", 0),
            Action = ActionReference.For(action),
            User = new Identity { Subject = "guest", Namespace = new NamespaceInfo("guest", "uuid"), AuthKey = new AuthKey("uuid:key") },
            ActivationId = "a",
            RootControllerIndex = new ControllerInstanceId("0"),
            Blocking = true,
            Content = JsonSerializer.SerializeToElement(new { }),
        };
    }

    private static ActivationRecord Record(string id) => new()
    {
        Namespace = "guest",
        Name = "stored",
        Subject = "guest",
        ActivationId = id,
        Start = 1,
        End = 2,
        Response = ActivationResponse.Success(null),
    };

    private sealed class FlakyStore(int failures, TimeProvider? time = null) : IActivationStore
    {
        private readonly List<string> stored = [];
        private int attempts;

        public int Attempts => Volatile.Read(ref attempts);

        public DateTimeOffset LastAttempt { get; private set; }

        public bool Hang { get; init; }

        public Func<Exception>? Failure { get; init; }

        public string? Refuse { get; init; }

        /// <summary>Gets a value indicating whether records with logs are refused (as PostgreSQL refuses a NUL character).</summary>
        public bool RefuseLogs { get; init; }

        public List<ActivationRecord> Records { get; } = [];

        public IReadOnlyList<string> Stored
        {
            get
            {
                lock (stored)
                {
                    return stored.ToList();
                }
            }
        }

        public Task StoreAsync(ActivationRecord record, CancellationToken cancellationToken)
        {
            LastAttempt = (time ?? TimeProvider.System).GetUtcNow();
            if (Interlocked.Increment(ref attempts) <= failures)
            {
                throw Failure?.Invoke() ?? new StoreUnavailableException("down");
            }

            if (Hang)
            {
                return new TaskCompletionSource().Task;
            }

            if (record.ActivationId == Refuse || (RefuseLogs && record.Logs.Count > 0))
            {
                throw new InvalidOperationException("refused");
            }

            lock (stored)
            {
                stored.Add(record.ActivationId);
                Records.Add(record);
            }

            return Task.CompletedTask;
        }

        public Task<ActivationRecord?> GetAsync(string namespaceName, string activationId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<ActivationRecord>> ListAsync(ActivationQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<long> CountAsync(ActivationQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> DeleteAsync(string namespaceName, string activationId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
