using System.Text.Json;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.TestKit.Stores;

/// <summary>
/// The behaviour every <see cref="IActivationStore"/> must have: store and get, replace, listing newest first
/// with paging and filters, concurrent writers, and text it cannot hold refused as such (never lost silently).
/// </summary>
public abstract partial class ActivationStoreConformanceTests
{
    /// <summary>Gets the store under test, fresh for each test.</summary>
    protected IActivationStore Store { get; set; } = null!;

    /// <summary>Creates an empty store for one test.</summary>
    /// <returns>The store.</returns>
    protected abstract Task<IActivationStore> CreateStoreAsync();

    /// <summary>Releases the store after a test.</summary>
    /// <returns>A task.</returns>
    protected virtual Task DisposeStoreAsync() => Task.CompletedTask;

    [SetUp]
    public async Task CreateStore() => Store = await CreateStoreAsync();

    [TearDown]
    public Task DisposeStore() => DisposeStoreAsync();

    [Test]
    public async Task Stores_a_record_and_gets_it_back_by_namespace_and_id()
    {
        var record = Record("guest", "a1", "guest/hello", 100);

        await Store.StoreAsync(record, CancellationToken.None);
        var read = await Store.GetAsync("guest", "a1", CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(read!.ActivationId, Is.EqualTo("a1"));
            Assert.That(read.Response.Result!.Value.GetProperty("start").GetInt64(), Is.EqualTo(100));
            Assert.That(read.Annotations.Find("path")!.Value.GetString(), Is.EqualTo("guest/hello"));
            Assert.That(await Store.GetAsync("other", "a1", CancellationToken.None), Is.Null, "records are per namespace");
        });
    }

    [Test]
    public async Task Storing_the_same_activation_again_replaces_it()
    {
        await Store.StoreAsync(Record("guest", "a1", "guest/hello", 100), CancellationToken.None);
        await Store.StoreAsync(Record("guest", "a1", "guest/hello", 100) with { Logs = ["later"] }, CancellationToken.None);

        Assert.That((await Store.GetAsync("guest", "a1", CancellationToken.None))!.Logs, Is.EqualTo(new[] { "later" }));
    }

    [Test]
    public async Task Lists_records_without_result_and_logs_when_asked_and_keeps_the_status()
    {
        var large = new string('r', 100_000);
        await Store.StoreAsync(
            Record("guest", "a1", "guest/hello", 100) with
            {
                Response = ActivationResponse.ApplicationError(large),
                Logs = ["2026-12-05T00:00:00.000Z stdout: " + large],
            },
            CancellationToken.None);
        var query = new ActivationQuery { Namespace = "guest" };

        var summary = (await Store.ListAsync(query with { WithoutResultAndLogs = true }, CancellationToken.None)).Single();
        var full = (await Store.ListAsync(query, CancellationToken.None)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(summary.Response.Result, Is.Null, "no result in the listing");
            Assert.That(summary.Logs, Is.Empty, "no logs in the listing");
            Assert.That(summary.Response.StatusCode, Is.EqualTo(ActivationStatus.ApplicationError));
            Assert.That(summary.Annotations.Find("path")!.Value.GetString(), Is.EqualTo("guest/hello"));
            Assert.That(summary.Duration, Is.EqualTo(5));
            Assert.That(full.Response.Result!.Value.GetProperty("error").GetString(), Is.EqualTo(large));
            Assert.That(full.Logs, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Lists_newest_first_with_skip_limit_and_count()
    {
        for (var i = 1; i <= 6; i++)
        {
            await Store.StoreAsync(Record("guest", "a" + i, "guest/hello", i * 100), CancellationToken.None);
        }

        await Store.StoreAsync(Record("other", "x", "other/hello", 1000), CancellationToken.None);
        var query = new ActivationQuery { Namespace = "guest", Skip = 2, Limit = 3 };

        var page = await Store.ListAsync(query, CancellationToken.None);
        var count = await Store.CountAsync(query, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(page.Select(r => r.ActivationId), Is.EqualTo(new[] { "a4", "a3", "a2" }));
            Assert.That(count, Is.EqualTo(6));
        });
    }

    [Test]
    public async Task Filters_by_action_name_and_package_path()
    {
        await Store.StoreAsync(Record("guest", "a1", "guest/hello", 100), CancellationToken.None);
        await Store.StoreAsync(Record("guest", "a2", "guest/pkg/hello", 200), CancellationToken.None);
        await Store.StoreAsync(Record("guest", "a3", "guest/bye", 300), CancellationToken.None);

        var plain = await Store.ListAsync(new ActivationQuery { Namespace = "guest", Name = "hello" }, CancellationToken.None);
        var packaged = await Store.ListAsync(new ActivationQuery { Namespace = "guest", Name = "pkg/hello" }, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(plain.Select(r => r.ActivationId), Is.EqualTo(new[] { "a1" }));
            Assert.That(packaged.Select(r => r.ActivationId), Is.EqualTo(new[] { "a2" }));
            Assert.That(await Store.CountAsync(new ActivationQuery { Namespace = "guest", Name = "bye" }, CancellationToken.None), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Filters_by_start_time_since_and_upto_inclusively()
    {
        for (var i = 1; i <= 5; i++)
        {
            await Store.StoreAsync(Record("guest", "a" + i, "guest/hello", i * 100), CancellationToken.None);
        }

        var window = await Store.ListAsync(new ActivationQuery { Namespace = "guest", Since = 200, Upto = 400 }, CancellationToken.None);

        Assert.That(window.Select(r => r.ActivationId), Is.EqualTo(new[] { "a4", "a3", "a2" }));
    }

    [Test]
    public async Task Deletes_a_record()
    {
        await Store.StoreAsync(Record("guest", "a1", "guest/hello", 100), CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(await Store.DeleteAsync("guest", "a1", CancellationToken.None), Is.True);
            Assert.That(await Store.GetAsync("guest", "a1", CancellationToken.None), Is.Null);
            Assert.That(await Store.DeleteAsync("guest", "a1", CancellationToken.None), Is.False);
        });
    }

    [Test]
    public async Task Concurrent_writers_lose_no_record()
    {
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Store.StoreAsync(Record("guest", "c" + i, "guest/hello", i), CancellationToken.None)));

        Assert.That(await Store.CountAsync(new ActivationQuery { Namespace = "guest" }, CancellationToken.None), Is.EqualTo(50));
    }

    [TestCase(@"{""s"":""a\u0000b""}", "")]
    [TestCase(@"{""s"":""\ud800""}", "")]
    [TestCase("{}", "a NUL \u0000 in a log line")]
    public async Task A_record_with_text_the_store_cannot_hold_is_refused_as_such_or_read_back_intact(string result, string log)
    {
        var record = Record("guest", "odd", "guest/hello", 1) with
        {
            Response = ActivationResponse.Success(JsonDocument.Parse(result).RootElement.Clone()),
            Logs = log.Length > 0 ? [log] : [],
        };

        try
        {
            await Store.StoreAsync(record, CancellationToken.None);
        }
        catch (DocumentRefusedException)
        {
            Assert.Pass("refused as a document the store cannot hold, which the platform replaces by a substitute record");
        }

        var read = await Store.GetAsync("guest", "odd", CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(read!.Response.Result!.Value.GetRawText(), Is.EqualTo(record.Response.Result!.Value.GetRawText()));
            Assert.That(read.Logs, Is.EqualTo(record.Logs));
        });
    }

    [TestCase("é", 128)]
    [TestCase("😀", 64)]
    [TestCase("n", 129)]
    [TestCase("n", 300)]
    public async Task Names_in_any_script_and_of_any_length_are_stored_and_found_intact(string unit, int count)
    {
        var name = string.Concat(Enumerable.Repeat(unit, count));
        var id = "id" + count + name;
        await Store.StoreAsync(Record(name, id, name + "/pkg/" + name, 7), CancellationToken.None);
        await Store.StoreAsync(Record(name, "other", name + "/else", 8), CancellationToken.None);

        var read = await Store.GetAsync(name, id, CancellationToken.None);
        var listed = await Store.ListAsync(new ActivationQuery { Namespace = name, Name = "pkg/" + name }, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(read!.Namespace, Is.EqualTo(name));
            Assert.That(read.ActivationId, Is.EqualTo(id));
            Assert.That(read.Annotations.Find("path")!.Value.GetString(), Is.EqualTo(name + "/pkg/" + name));
            Assert.That(listed.Select(r => r.ActivationId), Is.EqualTo(new[] { id }));
        });
    }

    /// <summary>Builds a record of action <paramref name="path"/> that started at <paramref name="start"/>.</summary>
    protected static ActivationRecord Record(string namespaceName, string id, string path, long start) => new()
    {
        Namespace = namespaceName,
        Name = path[(path.LastIndexOf('/') + 1)..],
        Subject = namespaceName,
        ActivationId = id,
        Start = start,
        End = start + 5,
        Duration = 5,
        Response = ActivationResponse.Success(JsonSerializer.SerializeToElement(new { start })),
        Annotations = [KeyValue.Of("path", path), KeyValue.Of("kind", "nodejs:20")],
    };
}
