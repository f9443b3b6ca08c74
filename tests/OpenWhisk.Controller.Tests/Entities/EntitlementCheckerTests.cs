using Microsoft.Extensions.Options;
using OpenWhisk.Controller.Api;
using OpenWhisk.Controller.Entities;
using OpenWhisk.Controller.Entitlement;
using OpenWhisk.Controller.Hosting;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Plugins.Memory;

namespace OpenWhisk.Controller.Tests.Entities;

/// <summary>OpenWhisk's implicit rights, over an in-memory store.</summary>
[TestFixture]
public sealed class EntitlementCheckerTests
{
    private static readonly Identity Guest = Caller("guest");
    private static readonly Identity Alice = Caller("alice");
    private EntitlementChecker entitlement = null!;

    [SetUp]
    public async Task CreatePackages()
    {
        var packages = new PackageStore(new InMemoryArtifactStore(), Options.Create(new ControllerOptions()), TimeProvider.System);
        entitlement = new EntitlementChecker(packages);
        await packages.PutAsync(new WhiskPackage { Namespace = "alice", Name = "public", Publish = true }, null, CancellationToken.None);
        await packages.PutAsync(new WhiskPackage { Namespace = "alice", Name = "private" }, null, CancellationToken.None);
        await packages.PutAsync(new WhiskPackage { Namespace = "alice", Name = "shared-binding", Publish = true, Binding = new PackageBinding("alice", "public") }, null, CancellationToken.None);
        await packages.PutAsync(new WhiskPackage { Namespace = "guest", Name = "to-public", Binding = new PackageBinding("alice", "public") }, null, CancellationToken.None);
        await packages.PutAsync(new WhiskPackage { Namespace = "guest", Name = "to-private", Binding = new PackageBinding("alice", "private") }, null, CancellationToken.None);
    }

    [TestCase("alice/public/a", Privilege.Read)]
    [TestCase("alice/public/a", Privilege.Activate)]
    [TestCase("guest/to-public/a", Privilege.Activate)]
    [TestCase("guest/anything", Privilege.Put)]
    [TestCase("guest/anything", Privilege.Delete)]
    public async Task Allows_an_owner_everything_and_another_namespace_reading_and_invoking_published_packages(string action, Privilege right) =>
        await entitlement.CheckActionAsync(Guest, right, Parse(action), CancellationToken.None);

    [TestCase("alice/private/a", Privilege.Activate, "alice/private")]
    [TestCase("alice/public/a", Privilege.Put, "alice/public/a")]
    [TestCase("alice/public/a", Privilege.Delete, "alice/public/a")]
    [TestCase("alice/top-level", Privilege.Activate, "alice/top-level")]
    [TestCase("alice/shared-binding/a", Privilege.Read, "alice/shared-binding")]
    [TestCase("guest/to-private/a", Privilege.Activate, "guest/to-private")]
    [TestCase("alice/never-was/a", Privilege.Read, "alice/never-was")]
    public void Refuses_everything_else_naming_the_resource(string action, Privilege right, string resource)
    {
        var refusal = Assert.ThrowsAsync<ApiException>(async () => await entitlement.CheckActionAsync(Guest, right, Parse(action), CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(refusal!.Status, Is.EqualTo(403));
            Assert.That(refusal.Message, Is.EqualTo($"The supplied authentication is not authorized to access '{resource}'."));
        });
    }

    [Test]
    public void An_owner_asking_for_a_package_that_does_not_exist_gets_404()
    {
        var refusal = Assert.ThrowsAsync<ApiException>(async () => await entitlement.CheckPackageAsync(Alice, Privilege.Read, "alice", "never-was", CancellationToken.None));

        Assert.That(refusal!.Status, Is.EqualTo(404));
    }

    [Test]
    public void An_identity_without_a_right_is_refused_even_in_its_own_namespace()
    {
        var readOnly = Guest with { Rights = ["READ"] };

        Assert.ThrowsAsync<ApiException>(async () => await entitlement.CheckActionAsync(readOnly, Privilege.Put, Parse("guest/a"), CancellationToken.None));
    }

    private static QualifiedName Parse(string text) => QualifiedName.TryParse(text, out var name) ? name : throw new ArgumentException(text);

    private static Identity Caller(string ns) => new()
    {
        Subject = ns,
        Namespace = new NamespaceInfo(ns, Guid.NewGuid().ToString()),
        AuthKey = new AuthKey("x:y"),
    };
}
