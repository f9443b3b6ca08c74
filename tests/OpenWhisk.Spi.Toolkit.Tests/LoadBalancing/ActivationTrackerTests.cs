using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Invokers;
using OpenWhisk.Spi.Stores;
using OpenWhisk.Spi.Toolkit.LoadBalancing;
using OpenWhisk.Plugins.Memory;

namespace OpenWhisk.Spi.Toolkit.Tests.LoadBalancing;

[TestFixture]
public sealed class ActivationTrackerTests
{
    private static readonly InvokerInstanceId Invoker = new() { Instance = 0, UserMemoryMb = 1024 };
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private InMemoryActivationStore store = null!;
    private ActivationTracker tracker = null!;

    [SetUp]
    public void Create()
    {
        store = new InMemoryActivationStore();
        tracker = new ActivationTracker(store, CompletionTimeout.Default, time, NullLogger.Instance);
    }

    [TearDown]
    public void Dispose() => tracker.Dispose();

    [Test]
    public async Task Completes_a_blocking_call_with_the_result_and_frees_the_slot_on_completion()
    {
        var message = Message("a1");
        var publication = tracker.Track(Action, message, "invoker0");
        var record = Record("a1");

        tracker.Process(Acknowledgement.Result(message.TransactionId, record));
        var outcome = await publication.Result;
        var activeAfterResult = tracker.ActiveFor(message.User.Namespace.Uuid);
        tracker.Process(Acknowledgement.Completion(message.TransactionId, record, Invoker));

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Record!.ActivationId, Is.EqualTo("a1"));
            Assert.That(activeAfterResult, Is.EqualTo(1), "the slot stays taken until the completion");
            Assert.That(tracker.ActiveFor(message.User.Namespace.Uuid), Is.Zero);
            Assert.That(tracker.Total, Is.Zero);
        });
    }

    [Test]
    public void A_tracker_made_to_continue_on_the_acknowledging_thread_continues_its_callers_there_before_the_acknowledgement_returns()
    {
        tracker.Dispose();
        tracker = new ActivationTracker(store, CompletionTimeout.Default, time, NullLogger.Instance, continueOnAcknowledgingThread: true);
        var message = Message("a9");
        var publication = tracker.Track(Action, message, "invoker0");
        var resultThread = 0;
        var endThread = 0;
        async Task AwaitResultAsync()
        {
            await publication.Result;
            resultThread = Environment.CurrentManagedThreadId;
        }

        async Task AwaitEndAsync()
        {
            await publication.Completion;
            endThread = Environment.CurrentManagedThreadId;
        }

        _ = AwaitResultAsync();
        _ = AwaitEndAsync();
        tracker.Process(Acknowledgement.Combined(message.TransactionId, Record("a9"), Invoker));

        Assert.Multiple(() =>
        {
            Assert.That(resultThread, Is.EqualTo(Environment.CurrentManagedThreadId), "no thread is woken for the answer");
            Assert.That(endThread, Is.EqualTo(Environment.CurrentManagedThreadId));
        });
    }

    [Test]
    public async Task By_default_callers_continue_on_the_thread_pool_not_on_the_acknowledging_thread()
    {
        var message = Message("a10");
        var publication = tracker.Track(Action, message, "invoker0");
        var continued = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task AwaitResultAsync()
        {
            await publication.Result;
            continued.TrySetResult(Environment.CurrentManagedThreadId);
        }

        _ = AwaitResultAsync();
        var acknowledgingThread = Environment.CurrentManagedThreadId;
        tracker.Process(Acknowledgement.Combined(message.TransactionId, Record("a10"), Invoker));
        var thread = await continued.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(thread, Is.Not.EqualTo(acknowledgingThread), "a bus's one reading loop must not write every caller's answer");
    }

    [Test]
    public async Task Forces_an_activation_without_completion_to_end_with_a_stored_whisk_error_after_the_completion_timeout()
    {
        var message = Message("a2");
        var publication = tracker.Track(Action, message, "invoker0");

        time.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(59));
        var pendingBeforeTimeout = !publication.Result.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(2));
        var outcome = await publication.Result;
        var stored = await store.GetAsync("guest", "a2", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(pendingBeforeTimeout, Is.True, "the default completion timeout is 60 s × 2 + 1 min");
            Assert.That(outcome.Record!.Response.StatusCode, Is.EqualTo(ActivationStatus.WhiskError));
            Assert.That(stored!.Response.StatusCode, Is.EqualTo(ActivationStatus.WhiskError));
            Assert.That(tracker.Total, Is.Zero);
        });
    }

    [Test]
    public async Task Ignores_an_acknowledgement_that_comes_after_the_forced_completion()
    {
        var message = Message("a3");
        var publication = tracker.Track(Action, message, "invoker0");
        time.Advance(TimeSpan.FromMinutes(5));
        await publication.Result;

        Assert.That(() => tracker.Process(Acknowledgement.Combined(message.TransactionId, Record("a3"), Invoker)), Throws.Nothing);
        Assert.That(tracker.Total, Is.Zero);
    }

    [Test]
    public async Task Keeps_the_record_an_invoker_stored_when_only_its_acknowledgement_was_lost()
    {
        var message = Message("a4");
        var publication = tracker.Track(Action, message, "invoker0");
        await store.StoreAsync(Record("a4"), CancellationToken.None);

        time.Advance(TimeSpan.FromMinutes(5));
        var outcome = await publication.Result;

        Assert.That(outcome.Record!.Response.IsSuccess, Is.True);
    }

    [Test]
    public async Task A_forced_completion_answers_the_caller_and_frees_the_slot_even_when_the_store_throws_something_unexpected()
    {
        using var broken = new ActivationTracker(new ThrowingStore(), CompletionTimeout.Default, time, NullLogger.Instance);
        var message = Message("a5");
        var freed = false;
        var publication = broken.Track(Action, message, "invoker0", (_, _) => freed = true);

        time.Advance(TimeSpan.FromMinutes(5));
        var outcome = await publication.Result.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Record!.Response.StatusCode, Is.EqualTo(ActivationStatus.WhiskError));
            Assert.That(publication.Completion.IsCompleted, Is.True);
            Assert.That(freed, Is.True, "the slot is released");
            Assert.That(broken.Total, Is.Zero);
        });
    }

    [Test]
    public async Task A_forced_completion_never_replaces_a_record_stored_just_after_it_looked()
    {
        var racing = new RecordArrivesAfterTheLookStore(Record("a6"));
        using var forcing = new ActivationTracker(racing, CompletionTimeout.Default, time, NullLogger.Instance);
        var publication = forcing.Track(Action, Message("a6"), "invoker0");

        time.Advance(TimeSpan.FromMinutes(5));
        var outcome = await publication.Result.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Multiple(async () =>
        {
            Assert.That((await racing.GetAsync("guest", "a6", CancellationToken.None))!.Response.IsSuccess, Is.True, "the invoker's record stays");
            Assert.That(outcome.Record!.Response.IsSuccess, Is.True, "and is the caller's answer");
        });
    }

    [Test]
    public async Task A_forced_completion_stores_its_record_after_a_short_store_outage()
    {
        var flaky = new UnavailableAtFirstStore(failures: 2);
        using var forcing = new ActivationTracker(flaky, CompletionTimeout.Default, time, NullLogger.Instance);
        var publication = forcing.Track(Action, Message("a7"), "invoker0");

        time.Advance(TimeSpan.FromMinutes(5));
        for (var i = 0; i < 50 && !publication.Result.IsCompleted; i++)
        {
            await Task.Delay(20);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var outcome = await publication.Result.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Multiple(async () =>
        {
            Assert.That(outcome.Record!.Response.StatusCode, Is.EqualTo(ActivationStatus.WhiskError));
            Assert.That((await flaky.GetAsync("guest", "a7", CancellationToken.None))!.Response.StatusCode, Is.EqualTo(ActivationStatus.WhiskError), "stored on the third attempt");
        });
    }

    private static WhiskAction Action { get; } = new() { Namespace = "guest", Name = "hello", Exec = new ActionExec { Kind = "nodejs:20", Code = "x" } };

    private ActivationMessage Message(string id) => new()
    {
        TransactionId = new TransactionId("t" + id, time.GetUtcNow().ToUnixTimeMilliseconds()),
        Action = ActionReference.For(Action),
        User = new Identity { Subject = "guest", Namespace = new NamespaceInfo("guest", "uuid-guest"), AuthKey = new AuthKey("uuid-guest:k") },
        ActivationId = id,
        RootControllerIndex = new ControllerInstanceId("0"),
        Blocking = true,
    };

    private static ActivationRecord Record(string id) => new()
    {
        Namespace = "guest",
        Name = "hello",
        Subject = "guest",
        ActivationId = id,
        Response = ActivationResponse.Success(null),
    };

    /// <summary>A journaled store where the invoker's record lands right after the forced completion looked for it.</summary>
    private sealed class RecordArrivesAfterTheLookStore(ActivationRecord real) : IActivationStore, IActivationJournal
    {
        private readonly InMemoryActivationStore inner = new();
        private bool arrived;

        public async Task<ActivationRecord?> GetAsync(string namespaceName, string activationId, CancellationToken cancellationToken)
        {
            var found = await inner.GetAsync(namespaceName, activationId, cancellationToken);
            await ArriveAsync();
            return found;
        }

        public async Task EndOverdueAsync(AcceptedActivation accepted, CancellationToken cancellationToken)
        {
            await ArriveAsync();
            await inner.EndOverdueAsync(accepted, cancellationToken);
        }

        public Task StoreAsync(ActivationRecord record, CancellationToken cancellationToken) => inner.StoreAsync(record, cancellationToken);

        public Task<IReadOnlyList<ActivationRecord>> ListAsync(ActivationQuery query, CancellationToken cancellationToken) => inner.ListAsync(query, cancellationToken);

        public Task<long> CountAsync(ActivationQuery query, CancellationToken cancellationToken) => inner.CountAsync(query, cancellationToken);

        public Task<bool> DeleteAsync(string namespaceName, string activationId, CancellationToken cancellationToken) => inner.DeleteAsync(namespaceName, activationId, cancellationToken);

        public Task AcceptAsync(AcceptedActivation accepted, CancellationToken cancellationToken) => inner.AcceptAsync(accepted, cancellationToken);

        public Task ForgetAsync(string namespaceName, string activationId, CancellationToken cancellationToken) => inner.ForgetAsync(namespaceName, activationId, cancellationToken);

        public Task<IReadOnlyList<AcceptedActivation>> ListOverdueAsync(DateTimeOffset deadlineBefore, string? controller, int limit, CancellationToken cancellationToken) =>
            inner.ListOverdueAsync(deadlineBefore, controller, limit, cancellationToken);

        private async Task ArriveAsync()
        {
            if (!arrived)
            {
                arrived = true;
                await inner.StoreAsync(real, CancellationToken.None);
            }
        }
    }

    /// <summary>A store that is unavailable for its first few calls.</summary>
    private sealed class UnavailableAtFirstStore(int failures) : IActivationStore
    {
        private readonly InMemoryActivationStore inner = new();
        private int calls;

        public Task StoreAsync(ActivationRecord record, CancellationToken cancellationToken) => Fail() ?? inner.StoreAsync(record, cancellationToken);

        public Task<ActivationRecord?> GetAsync(string namespaceName, string activationId, CancellationToken cancellationToken) =>
            Fail() is { } failed ? Task.FromException<ActivationRecord?>(failed.Exception!.InnerException!) : inner.GetAsync(namespaceName, activationId, cancellationToken);

        public Task<IReadOnlyList<ActivationRecord>> ListAsync(ActivationQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<long> CountAsync(ActivationQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> DeleteAsync(string namespaceName, string activationId, CancellationToken cancellationToken) => throw new NotSupportedException();

        private Task? Fail() => ++calls <= failures ? Task.FromException(new StoreUnavailableException("down")) : null;
    }

    private sealed class ThrowingStore : IActivationStore
    {
        public Task StoreAsync(ActivationRecord record, CancellationToken cancellationToken) => throw new InvalidOperationException("broken");

        public Task<ActivationRecord?> GetAsync(string namespaceName, string activationId, CancellationToken cancellationToken) => throw new InvalidOperationException("broken");

        public Task<IReadOnlyList<ActivationRecord>> ListAsync(ActivationQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<long> CountAsync(ActivationQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> DeleteAsync(string namespaceName, string activationId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
