using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpenWhisk.Common.Stores;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Stores;
using OpenWhisk.Plugins.Memory;

namespace OpenWhisk.Common.Tests.Stores;

[TestFixture]
public sealed class ActivationRetentionServiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Purges_at_startup_and_at_every_interval_what_started_before_the_window()
    {
        var time = new FakeTimeProvider(Now);
        var store = new InMemoryActivationStore();
        await store.StoreAsync(Record("ten-days", Now.AddDays(-10)), CancellationToken.None);
        await store.StoreAsync(Record("six-days", Now.AddDays(-6)), CancellationToken.None);
        await store.StoreAsync(Record("today", Now.AddHours(-1)), CancellationToken.None);
        using var service = new ActivationRetentionService(
            store,
            Options.Create(new ActivationRetentionOptions { Retention = "7d", RetentionInterval = TimeSpan.FromHours(1), RetentionBatchSize = 1 }),
            time,
            NullLogger<ActivationRetentionService>.Instance);

        await service.StartAsync(CancellationToken.None);
        await WaitUntilAsync(async () => await store.GetAsync("guest", "ten-days", CancellationToken.None) is null);
        var afterStart = await Ids(store);
        time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await WaitUntilAsync(async () => await store.GetAsync("guest", "six-days", CancellationToken.None) is null);
        var dayLater = await Ids(store);
        await service.StopAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(afterStart, Is.EquivalentTo(new[] { "six-days", "today" }));
            Assert.That(dayLater, Is.EquivalentTo(new[] { "today" }), "seven days old a day later, purged at a later interval");
        });
    }

    [Test]
    public async Task Without_a_window_nothing_is_purged()
    {
        var store = new InMemoryActivationStore();
        await store.StoreAsync(Record("old", Now.AddYears(-3)), CancellationToken.None);
        using var service = new ActivationRetentionService(store, Options.Create(new ActivationRetentionOptions()), new FakeTimeProvider(Now), NullLogger<ActivationRetentionService>.Instance);

        await service.StartAsync(CancellationToken.None);
        await service.StopAsync(CancellationToken.None);

        Assert.That(await Ids(store), Is.EqualTo(new[] { "old" }));
    }

    [TestCase("7d", true)]
    [TestCase("36h", true)]
    [TestCase("2.00:00:00", true)]
    [TestCase("", true)]
    [TestCase("12h", false)]
    [TestCase("a week", false)]
    [TestCase("-3d", false)]
    public void The_window_must_be_a_duration_of_at_least_a_day(string retention, bool valid)
    {
        var options = new ActivationRetentionOptions { Retention = retention };
        var results = new List<ValidationResult>();
        Assert.That(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true), Is.EqualTo(valid), string.Join("; ", results));
    }

    private static async Task<List<string>> Ids(InMemoryActivationStore store) =>
        [.. (await store.ListAsync(new ActivationQuery { Namespace = "guest", Limit = 100 }, CancellationToken.None)).Select(r => r.ActivationId)];

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 500 && !await condition(); i++)
        {
            await Task.Delay(10);
        }
    }

    private static ActivationRecord Record(string id, DateTimeOffset start) => new()
    {
        Namespace = "guest",
        Name = "kept",
        Subject = "guest",
        ActivationId = id,
        Start = start.ToUnixTimeMilliseconds(),
        End = start.ToUnixTimeMilliseconds() + 1,
        Response = ActivationResponse.Success(JsonSerializer.SerializeToElement(new { })),
    };
}
