using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OpenWhisk.Controller.Api;
using OpenWhisk.Controller.Entities;
using OpenWhisk.Controller.Hosting;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Stores;
using OpenWhisk.Plugins.Memory;

namespace OpenWhisk.Controller.Tests.Unit;

/// <summary>The controller's read caches stay within their bounds however many entities and key spellings they see.</summary>
[TestFixture]
public sealed class BoundedCachesTests
{
    [Test]
    public async Task The_action_cache_holds_no_more_code_than_its_byte_limit()
    {
        var actions = new ActionStore(new InMemoryArtifactStore(), Settings(new ControllerOptions { EntityCacheMaxBytes = 1024 * 1024 }), TimeProvider.System);

        for (var i = 0; i < 20; i++)
        {
            await actions.PutAsync(Action("big" + i, new string('x', 200_000)), null, CancellationToken.None);
        }

        Assert.That(actions.CachedCount, Is.InRange(1, 5), "twenty 200 KB actions in a 1 MB cache");
    }

    [Test]
    public async Task An_action_too_large_for_the_cache_replaces_its_cached_older_copy()
    {
        var actions = new ActionStore(new InMemoryArtifactStore(), Settings(new ControllerOptions { EntityCacheMaxBytes = 100_000 }), TimeProvider.System);
        var first = await actions.PutAsync(Action("a", "small"), null, CancellationToken.None);
        await actions.GetCachedAsync("guest/a", CancellationToken.None);

        await actions.PutAsync(Action("a", new string('y', 500_000)), first.Revision, CancellationToken.None);
        var read = await actions.GetCachedAsync("guest/a", CancellationToken.None);

        Assert.That(read!.Entity.Exec.Code, Has.Length.EqualTo(500_000), "the new code, not the cached old one");
    }

    [Test]
    public async Task One_key_spelled_many_ways_is_remembered_once()
    {
        var (authenticator, key) = await AuthenticatorWithKeysAsync(maxEntries: 100, keys: 1);
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(key[0]));

        for (var padding = 0; padding < 50; padding++)
        {
            await authenticator.AuthenticateAsync(Request("Basic " + new string(' ', padding) + encoded + new string(' ', padding)));
            await authenticator.AuthenticateAsync(Request("basic " + encoded + new string('\t', padding)));
        }

        Assert.That(authenticator.CachedKeyCount, Is.EqualTo(1));
    }

    [Test]
    public async Task A_remembered_key_is_accepted_without_decoding_it_into_new_strings()
    {
        var (authenticator, key) = await AuthenticatorWithKeysAsync(maxEntries: 100, keys: 1);
        var request = Request("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(key[0])));
        await authenticator.AuthenticateAsync(request);
        var wrong = Request("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(key[0] + "x")));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            await authenticator.AuthenticateAsync(request);
        }

        var perRequest = (GC.GetAllocatedBytesForCurrentThread() - before) / 100.0;
        Assert.Multiple(() =>
        {
            Assert.That(perRequest, Is.LessThan(64), "bytes allocated per request of a remembered key");
            Assert.That(async () => await authenticator.AuthenticateAsync(wrong), Throws.InstanceOf<ApiException>(), "a longer key is another key");
        });
    }

    [Test]
    public async Task The_key_cache_holds_at_most_its_entry_limit_and_every_key_still_authenticates()
    {
        var (authenticator, keys) = await AuthenticatorWithKeysAsync(maxEntries: 3, keys: 10);

        foreach (var key in keys.Concat(keys))
        {
            var identity = await authenticator.AuthenticateAsync(Request("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(key))));
            Assert.That(identity.AuthKey.ApiKey, Is.EqualTo(key));
        }

        Assert.That(authenticator.CachedKeyCount, Is.LessThanOrEqualTo(3));
    }

    [Test]
    public async Task A_declared_length_is_not_allocated_before_the_body_arrives()
    {
        var context = new DefaultHttpContext();
        context.Request.ContentLength = 48L * 1024 * 1024;
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes("{\"a\":1}"));
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var body = await RequestBodies.ReadBytesAsync(context, 64L * 1024 * 1024, "exec");

        Assert.Multiple(() =>
        {
            Assert.That(body.Length, Is.EqualTo(7));
            Assert.That(GC.GetTotalAllocatedBytes(precise: true) - before, Is.LessThan(4 * 1024 * 1024), "bytes allocated for a 7-byte body that declared 48 MB");
        });
    }

    private static IOptions<ControllerOptions> Settings(ControllerOptions options) => Options.Create(options);

    private static WhiskAction Action(string name, string code) => new()
    {
        Namespace = "guest",
        Name = name,
        Exec = new ActionExec { Kind = "nodejs:20", Code = code },
    };

    private static HttpContext Request(string authorization)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = authorization;
        return context;
    }

    private static async Task<(Authenticator Authenticator, string[] Keys)> AuthenticatorWithKeysAsync(int maxEntries, int keys)
    {
        var store = new InMemoryArtifactStore();
        var all = new string[keys];
        for (var i = 0; i < keys; i++)
        {
            var uuid = Guid.NewGuid().ToString();
            all[i] = uuid + ":secret" + i;
            await store.PutSubjectAsync(
                new SubjectRecord { Subject = "user" + i, Namespaces = [new SubjectNamespace { Name = "ns" + i, Uuid = uuid, Key = "secret" + i }] },
                CancellationToken.None);
        }

        return (new Authenticator(store, Settings(new ControllerOptions { IdentityCacheMaxEntries = maxEntries }), TimeProvider.System), all);
    }
}
