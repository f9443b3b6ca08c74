using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using OpenWhisk.Common.Hosting;
using OpenWhisk.Controller.Hosting;
using OpenWhisk.Plugins.Memory;

namespace OpenWhisk.Controller.Tests.Hosting;

[TestFixture]
public sealed class IdentityBootstrapTests
{
    [Test]
    public async Task A_standalone_creates_the_well_known_guest_and_system_keys()
    {
        var store = await BootstrapAsync(ControllerRoles.Standalone);

        Assert.Multiple(async () =>
        {
            Assert.That(await store.GetSubjectAsync("guest", CancellationToken.None), Is.Not.Null);
            Assert.That(await store.GetSubjectAsync("whisk.system", CancellationToken.None), Is.Not.Null);
        });
    }

    [Test]
    public async Task A_production_controller_creates_no_well_known_key()
    {
        var store = await BootstrapAsync(ControllerRoles.Controller);

        Assert.Multiple(async () =>
        {
            Assert.That(await store.GetSubjectAsync("guest", CancellationToken.None), Is.Null);
            Assert.That(await store.GetSubjectAsync("whisk.system", CancellationToken.None), Is.Null);
            Assert.That(await store.FindSubjectByUuidAsync(IdentityBootstrap.GuestKey.Split(':')[0], CancellationToken.None), Is.Null);
        });
    }

    [Test]
    public async Task A_production_controller_creates_the_identities_it_is_configured_with()
    {
        var store = await BootstrapAsync(
            ControllerRoles.Controller,
            "--Identities:0:Subject=alice", "--Identities:0:Key=0f0e0d0c-1111-2222-3333-444455556666:s3cret-key-of-alice");

        var alice = await store.GetSubjectAsync("alice", CancellationToken.None);
        Assert.That(alice?.Namespaces.Single().Name, Is.EqualTo("alice"));
    }

    [Test]
    public async Task A_production_controller_warns_about_a_well_known_key_left_in_its_store()
    {
        var store = await BootstrapAsync(ControllerRoles.Standalone);
        var configuration = new ConfigurationManager();
        configuration.AddOpenWhiskConfiguration(ControllerRoles.Controller, []);
        var logger = new Microsoft.Extensions.Logging.Testing.FakeLogger<IdentityBootstrap>();

        await new IdentityBootstrap(store, configuration, logger).StartAsync(CancellationToken.None);

        Assert.That(
            logger.Collector.GetSnapshot().Where(r => r.Level == Microsoft.Extensions.Logging.LogLevel.Warning).Select(r => r.Message),
            Has.Some.Contains("published guest key").And.Some.Contains("published whisk.system key"));
    }

    private static async Task<InMemoryArtifactStore> BootstrapAsync(string role, params string[] args)
    {
        var configuration = new ConfigurationManager();
        configuration.AddOpenWhiskConfiguration(role, args);
        var store = new InMemoryArtifactStore();
        await new IdentityBootstrap(store, configuration, NullLogger<IdentityBootstrap>.Instance).StartAsync(CancellationToken.None);
        return store;
    }
}
