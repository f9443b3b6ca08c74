using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OpenWhisk.Common.Execution;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Common.Tests.Execution;

[TestFixture]
public sealed class ActivationRecordStorerTests
{
    [Test]
    public async Task Stores_the_record_once_an_unavailable_store_is_back()
    {
        var time = new FakeTimeProvider();
        var store = new FlakyStore(failures: 3);
        var storer = new ActivationRecordStorer(store, TimeSpan.FromMinutes(5), time, NullLogger.Instance);

        await RunOnAsync(time, storer.StoreAsync(Message(), Record("a1")));

        Assert.Multiple(() =>
        {
            Assert.That(store.Attempts, Is.EqualTo(4));
            Assert.That(store.Stored, Is.EqualTo(new[] { "a1" }));
        });
    }

    [Test]
    public async Task Gives_up_once_the_retry_time_is_over_in_total()
    {
        var time = new FakeTimeProvider();
        var store = new FlakyStore(failures: int.MaxValue, time);
        var storer = new ActivationRecordStorer(store, TimeSpan.FromSeconds(30), time, NullLogger.Instance);
        var started = time.GetUtcNow();

        await RunOnAsync(time, storer.StoreAsync(Message(), Record("a2")));

        Assert.Multiple(() =>
        {
            Assert.That(store.LastAttempt - started, Is.LessThanOrEqualTo(TimeSpan.FromSeconds(30)), "the retry time bounds all attempts together");
            Assert.That(store.LastAttempt - started, Is.GreaterThan(TimeSpan.FromSeconds(20)), "it kept trying until close to the retry time");
            Assert.That(store.Attempts, Is.GreaterThan(3));
            Assert.That(store.Stored, Is.Empty);
        });
    }

    [Test]
    public async Task Stores_nothing_for_a_namespace_that_opted_out()
    {
        var store = new FlakyStore(failures: 0);
        var storer = new ActivationRecordStorer(store, TimeSpan.FromMinutes(5), TimeProvider.System, NullLogger.Instance);
        var message = Message();
        message = message with { User = message.User with { Limits = new UserLimits { StoreActivations = false } } };

        await storer.StoreAsync(message, Record("a3"));

        Assert.That(store.Attempts, Is.Zero);
    }

    /// <summary>Advances the fake clock a fifth of a second at a time until <paramref name="task"/> is done (at most 10 virtual minutes).</summary>
    private static async Task RunOnAsync(FakeTimeProvider time, Task task)
    {
        for (var step = 0; step < 3000 && !task.IsCompleted; step++)
        {
            await Task.Delay(1);
            time.Advance(TimeSpan.FromMilliseconds(200));
        }

        await task.WaitAsync(TimeSpan.FromSeconds(5));
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
                throw new StoreUnavailableException("down");
            }

            lock (stored)
            {
                stored.Add(record.ActivationId);
            }

            return Task.CompletedTask;
        }

        public Task<ActivationRecord?> GetAsync(string namespaceName, string activationId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<ActivationRecord>> ListAsync(ActivationQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<long> CountAsync(ActivationQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> DeleteAsync(string namespaceName, string activationId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
