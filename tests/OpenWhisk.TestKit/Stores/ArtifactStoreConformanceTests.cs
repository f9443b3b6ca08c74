using System.Text.Json;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.TestKit.Stores;

/// <summary>
/// The behaviour every <see cref="IArtifactStore"/> must have: CRUD with revisions, conflicts, listing and paging,
/// subjects, concurrent writers. A store's test project derives from this fixture (or from
/// <see cref="PersistentArtifactStoreConformanceTests"/> for stores that survive restarts).
/// </summary>
public abstract class ArtifactStoreConformanceTests
{
    /// <summary>Gets the store under test, fresh for each test.</summary>
    protected IArtifactStore Store { get; set; } = null!;

    /// <summary>Creates an empty store for one test.</summary>
    /// <returns>The store.</returns>
    protected abstract Task<IArtifactStore> CreateStoreAsync();

    /// <summary>Releases the store after a test.</summary>
    /// <returns>A task.</returns>
    protected virtual Task DisposeStoreAsync() => Task.CompletedTask;

    [SetUp]
    public async Task CreateStore() => Store = await CreateStoreAsync();

    [TearDown]
    public Task DisposeStore() => DisposeStoreAsync();

    [Test]
    public async Task Creates_a_document_with_a_revision_and_reads_it_back()
    {
        var created = await Store.PutAsync(Document("guest", "hello", 1), CancellationToken.None);
        var read = await Store.GetAsync("guest/hello", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(created.Revision, Is.Not.Null.And.Not.Empty);
            Assert.That(read, Is.Not.Null);
            Assert.That(read!.Revision, Is.EqualTo(created.Revision));
            Assert.That(read.Body.GetProperty("n").GetInt32(), Is.EqualTo(1));
            Assert.That(read.EntityType, Is.EqualTo(EntityTypes.Action));
            Assert.That(read.Updated, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Reading_a_missing_document_returns_null() =>
        Assert.That(await Store.GetAsync("guest/nothing", CancellationToken.None), Is.Null);

    [Test]
    public async Task Creating_a_document_that_exists_conflicts()
    {
        await Store.PutAsync(Document("guest", "hello", 1), CancellationToken.None);

        Assert.That(async () => await Store.PutAsync(Document("guest", "hello", 2), CancellationToken.None), Throws.InstanceOf<DocumentConflictException>());
    }

    [Test]
    public async Task Updating_with_the_current_revision_stores_the_new_body_under_a_new_revision()
    {
        var created = await Store.PutAsync(Document("guest", "hello", 1), CancellationToken.None);
        var updated = await Store.PutAsync(Document("guest", "hello", 2) with { Revision = created.Revision, Updated = 2 }, CancellationToken.None);
        var read = await Store.GetAsync("guest/hello", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(updated.Revision, Is.Not.EqualTo(created.Revision));
            Assert.That(read!.Revision, Is.EqualTo(updated.Revision));
            Assert.That(read.Body.GetProperty("n").GetInt32(), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Updating_with_a_stale_revision_conflicts_and_changes_nothing()
    {
        var created = await Store.PutAsync(Document("guest", "hello", 1), CancellationToken.None);
        await Store.PutAsync(Document("guest", "hello", 2) with { Revision = created.Revision }, CancellationToken.None);

        Assert.That(
            async () => await Store.PutAsync(Document("guest", "hello", 3) with { Revision = created.Revision }, CancellationToken.None),
            Throws.InstanceOf<DocumentConflictException>());
        Assert.That((await Store.GetAsync("guest/hello", CancellationToken.None))!.Body.GetProperty("n").GetInt32(), Is.EqualTo(2));
    }

    [Test]
    public async Task Deletes_with_the_current_revision_and_refuses_a_stale_one()
    {
        var created = await Store.PutAsync(Document("guest", "hello", 1), CancellationToken.None);
        var updated = await Store.PutAsync(Document("guest", "hello", 2) with { Revision = created.Revision }, CancellationToken.None);

        Assert.That(async () => await Store.DeleteAsync("guest/hello", created.Revision, CancellationToken.None), Throws.InstanceOf<DocumentConflictException>());
        Assert.Multiple(async () =>
        {
            Assert.That(await Store.DeleteAsync("guest/hello", updated.Revision, CancellationToken.None), Is.True);
            Assert.That(await Store.GetAsync("guest/hello", CancellationToken.None), Is.Null);
            Assert.That(await Store.DeleteAsync("guest/hello", null, CancellationToken.None), Is.False);
        });
    }

    [Test]
    public async Task Lists_newest_first_with_skip_limit_and_count()
    {
        for (var i = 1; i <= 5; i++)
        {
            await Store.PutAsync(Document("guest", "a" + i, i) with { Updated = i * 10 }, CancellationToken.None);
        }

        await Store.PutAsync(Document("other", "x", 9), CancellationToken.None);
        var query = new EntityQuery { EntityType = EntityTypes.Action, Namespace = "guest", Skip = 1, Limit = 3 };

        var page = await Store.ListAsync(query, CancellationToken.None);
        var count = await Store.CountAsync(query, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(page.Select(d => d.Name), Is.EqualTo(new[] { "a4", "a3", "a2" }));
            Assert.That(count, Is.EqualTo(5), "the count ignores skip and limit");
        });
    }

    [Test]
    public async Task Lists_actions_without_their_code_when_asked_and_keeps_the_rest_of_exec()
    {
        var code = new string('x', 200_000);
        await Store.PutAsync(
            Document("guest", "big", 1) with
            {
                Body = JsonSerializer.SerializeToElement(new { name = "big", exec = new { kind = "nodejs:20", code, binary = true, main = "run" } }),
            },
            CancellationToken.None);
        var query = new EntityQuery { EntityType = EntityTypes.Action, Namespace = "guest" };

        var summary = (await Store.ListAsync(query with { WithoutCode = true }, CancellationToken.None)).Single();
        var full = (await Store.ListAsync(query, CancellationToken.None)).Single();

        Assert.Multiple(() =>
        {
            var exec = summary.Body.GetProperty("exec");
            Assert.That(exec.TryGetProperty("code", out _), Is.False, "no code in the listing");
            Assert.That(exec.GetProperty("kind").GetString(), Is.EqualTo("nodejs:20"));
            Assert.That(exec.GetProperty("binary").GetBoolean(), Is.True);
            Assert.That(exec.GetProperty("main").GetString(), Is.EqualTo("run"));
            Assert.That(summary.Body.GetProperty("name").GetString(), Is.EqualTo("big"));
            Assert.That(full.Body.GetProperty("exec").GetProperty("code").GetString(), Is.EqualTo(code), "the code when not asked to leave it out");
        });
    }

    [Test]
    public async Task Lists_entities_inside_packages_only_when_nested_entities_are_asked_for()
    {
        await Store.PutAsync(Document("guest", "top", 1), CancellationToken.None);
        await Store.PutAsync(Document("guest/pkg", "inner", 2) with { Updated = 2 }, CancellationToken.None);
        await Store.PutAsync(Document("guestier", "lookalike", 3), CancellationToken.None);

        var flat = await Store.ListAsync(new EntityQuery { EntityType = EntityTypes.Action, Namespace = "guest" }, CancellationToken.None);
        var nested = await Store.ListAsync(new EntityQuery { EntityType = EntityTypes.Action, Namespace = "guest", IncludeNested = true }, CancellationToken.None);
        var package = await Store.ListAsync(new EntityQuery { EntityType = EntityTypes.Action, Namespace = "guest/pkg" }, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(flat.Select(d => d.Name), Is.EqualTo(new[] { "top" }));
            Assert.That(nested.Select(d => d.Name), Is.EquivalentTo(new[] { "top", "inner" }));
            Assert.That(package.Select(d => d.Name), Is.EqualTo(new[] { "inner" }));
        });
    }

    [Test]
    public async Task Lists_packages_apart_from_actions_and_only_published_ones_when_asked()
    {
        await Store.PutAsync(Package("guest", "private-pkg", publish: false, updated: 1), CancellationToken.None);
        await Store.PutAsync(Package("guest", "public-pkg", publish: true, updated: 2), CancellationToken.None);
        await Store.PutAsync(Package("guest", "binding", publish: true, updated: 3), CancellationToken.None);
        await Store.PutAsync(Document("guest", "an-action", 4) with { Body = JsonSerializer.SerializeToElement(new { publish = true }) }, CancellationToken.None);
        await Store.PutAsync(Package("other", "elsewhere", publish: true, updated: 5), CancellationToken.None);

        var all = new EntityQuery { EntityType = EntityTypes.Package, Namespace = "guest" };
        var published = all with { PublicOnly = true };
        var everything = await Store.ListAsync(all, CancellationToken.None);
        var shared = await Store.ListAsync(published, CancellationToken.None);
        var sharedPage = await Store.ListAsync(published with { Skip = 1, Limit = 1 }, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(everything.Select(d => d.Name), Is.EqualTo(new[] { "binding", "public-pkg", "private-pkg" }));
            Assert.That(shared.Select(d => d.Name), Is.EqualTo(new[] { "binding", "public-pkg" }));
            Assert.That(sharedPage.Select(d => d.Name), Is.EqualTo(new[] { "public-pkg" }), "skip and limit apply after the filter");
            Assert.That(await Store.CountAsync(published, CancellationToken.None), Is.EqualTo(2));
            Assert.That(await Store.CountAsync(all, CancellationToken.None), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task Counts_and_lists_the_actions_of_one_package()
    {
        await Store.PutAsync(Package("guest", "pkg", publish: false, updated: 1), CancellationToken.None);
        await Store.PutAsync(Document("guest/pkg", "one", 2), CancellationToken.None);
        await Store.PutAsync(Document("guest/pkg", "two", 3), CancellationToken.None);
        await Store.PutAsync(Document("guest/pkg2", "elsewhere", 4), CancellationToken.None);
        await Store.PutAsync(Document("guest", "pkg-top", 5), CancellationToken.None);

        var inPackage = new EntityQuery { EntityType = EntityTypes.Action, Namespace = "guest/pkg", Limit = 200 };
        var listed = await Store.ListAsync(inPackage, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(listed.Select(d => d.Name), Is.EqualTo(new[] { "two", "one" }));
            Assert.That(listed.Select(d => d.Namespace).Distinct(), Is.EqualTo(new[] { "guest/pkg" }));
            Assert.That(await Store.CountAsync(inPackage, CancellationToken.None), Is.EqualTo(2));
            Assert.That(
                await Store.CountAsync(new EntityQuery { EntityType = EntityTypes.Package, Namespace = "guest" }, CancellationToken.None),
                Is.EqualTo(1),
                "actions are not packages");
        });
    }

    [Test]
    public async Task Lists_one_type_across_every_namespace_when_asked()
    {
        await Store.PutAsync(Document("guest", "a", 1) with { EntityType = "alarm" }, CancellationToken.None);
        await Store.PutAsync(Document("other", "b", 2) with { EntityType = "alarm" }, CancellationToken.None);
        await Store.PutAsync(Document("guest/pkg", "c", 3) with { EntityType = "alarm" }, CancellationToken.None);
        await Store.PutAsync(Document("guest", "d", 4), CancellationToken.None);

        var all = new EntityQuery { EntityType = "alarm", Namespace = string.Empty, AllNamespaces = true, Limit = 100 };
        var listed = await Store.ListAsync(all, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(listed.Select(d => d.Name), Is.EqualTo(new[] { "c", "b", "a" }));
            Assert.That(await Store.CountAsync(all, CancellationToken.None), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task Exactly_one_of_many_concurrent_updates_from_the_same_revision_wins()
    {
        var created = await Store.PutAsync(Document("guest", "contended", 0), CancellationToken.None);

        var attempts = Enumerable.Range(1, 10).Select(async i =>
        {
            try
            {
                await Store.PutAsync(Document("guest", "contended", i) with { Revision = created.Revision }, CancellationToken.None);
                return true;
            }
            catch (DocumentConflictException)
            {
                return false;
            }
        }).ToList();
        var outcomes = await Task.WhenAll(attempts);

        Assert.That(outcomes.Count(won => won), Is.EqualTo(1));
    }

    [Test]
    public async Task Stores_subjects_and_finds_them_by_the_uuid_of_any_of_their_namespaces()
    {
        var subject = Subject("alice", ("alice", "11111111-1111-1111-1111-111111111111"), ("alice-team", "22222222-2222-2222-2222-222222222222"));

        var stored = await Store.PutSubjectAsync(subject, CancellationToken.None);
        var byUuid = await Store.FindSubjectByUuidAsync("22222222-2222-2222-2222-222222222222", CancellationToken.None);
        var byName = await Store.GetSubjectAsync("alice", CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(stored.Revision, Is.Not.Null);
            Assert.That(byUuid!.Subject, Is.EqualTo("alice"));
            Assert.That(byUuid.Namespaces.Select(n => n.Name), Is.EqualTo(new[] { "alice", "alice-team" }));
            Assert.That(byUuid.Namespaces[1].Key, Is.EqualTo("secret-alice-team"));
            Assert.That(byName!.Revision, Is.EqualTo(stored.Revision));
            Assert.That(await Store.FindSubjectByUuidAsync("33333333-3333-3333-3333-333333333333", CancellationToken.None), Is.Null);
        });
    }

    [Test]
    public async Task Finds_a_subject_by_the_name_of_any_of_its_namespaces()
    {
        await Store.PutSubjectAsync(Subject("carol", ("carol", "88888888-8888-8888-8888-888888888888"), ("carol-team", "99999999-9999-9999-9999-999999999999")), CancellationToken.None);

        var byTeam = await Store.FindSubjectByNamespaceAsync("carol-team", CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(byTeam!.Subject, Is.EqualTo("carol"));
            Assert.That(byTeam.Revision, Is.Not.Null);
            Assert.That(await Store.FindSubjectByNamespaceAsync("carol-", CancellationToken.None), Is.Null);
            Assert.That(await Store.FindSubjectByNamespaceAsync("88888888-8888-8888-8888-888888888888", CancellationToken.None), Is.Null, "a uuid is not a name");
        });
    }

    [Test]
    public async Task A_namespace_of_another_subject_conflicts()
    {
        await Store.PutSubjectAsync(Subject("alice", ("shared", "11111111-1111-1111-1111-111111111111")), CancellationToken.None);

        Assert.That(
            async () => await Store.PutSubjectAsync(Subject("bob", ("shared", "44444444-4444-4444-4444-444444444444")), CancellationToken.None),
            Throws.InstanceOf<DocumentConflictException>());
    }

    [Test]
    public async Task Updating_a_subject_replaces_its_keys()
    {
        var stored = await Store.PutSubjectAsync(Subject("carol", ("carol", "55555555-5555-5555-5555-555555555555")), CancellationToken.None);

        await Store.PutSubjectAsync(Subject("carol", ("carol", "66666666-6666-6666-6666-666666666666")) with { Revision = stored.Revision }, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(await Store.FindSubjectByUuidAsync("55555555-5555-5555-5555-555555555555", CancellationToken.None), Is.Null);
            Assert.That(await Store.FindSubjectByUuidAsync("66666666-6666-6666-6666-666666666666", CancellationToken.None), Is.Not.Null);
        });
    }

    /// <summary>Builds an action document whose body carries <paramref name="n"/>.</summary>
    protected static EntityDocument Document(string namespacePath, string name, int n) => new()
    {
        DocId = namespacePath + "/" + name,
        EntityType = EntityTypes.Action,
        Namespace = namespacePath,
        Name = name,
        Updated = n,
        Body = JsonSerializer.SerializeToElement(new { n, name }),
    };

    /// <summary>Builds a package document.</summary>
    protected static EntityDocument Package(string ns, string name, bool publish, long updated) => new()
    {
        DocId = ns + "/" + name,
        EntityType = EntityTypes.Package,
        Namespace = ns,
        Name = name,
        Updated = updated,
        Body = JsonSerializer.SerializeToElement(new { name, publish, binding = new { } }),
    };

    /// <summary>Builds a subject with namespaces and keys <c>secret-&lt;namespace&gt;</c>.</summary>
    protected static SubjectRecord Subject(string name, params (string Namespace, string Uuid)[] namespaces) => new()
    {
        Subject = name,
        Namespaces = namespaces.Select(n => new SubjectNamespace { Name = n.Namespace, Uuid = n.Uuid, Key = "secret-" + n.Namespace }).ToList(),
    };
}
