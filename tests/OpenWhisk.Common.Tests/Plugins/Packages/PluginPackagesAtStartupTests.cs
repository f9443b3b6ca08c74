using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenWhisk.Common.Hosting;
using OpenWhisk.Common.Plugins;
using OpenWhisk.Common.Plugins.Packages;
using OpenWhisk.Spi.Logs;

namespace OpenWhisk.Common.Tests.Plugins.Packages;

[TestFixture]
public sealed class PluginPackagesAtStartupTests : PluginPackageTests
{
    [Test]
    public void A_host_installs_the_configured_packages_before_it_loads_its_plugins()
    {
        Feed.Add("Acme.Beta", "1.0.0", [Beta], PackageFeed.Spi());

        using var provider = Compose("Acme.Beta", ("Spi:LogStore", "beta"));

        Assert.Multiple(() =>
        {
            Assert.That(provider.GetRequiredService<ILogStore>().GetType().Name, Is.EqualTo("BetaLogStore"));
            Assert.That(InstalledPlugin.Read(Path.Combine(Plugins.Path, "Acme.Beta"))!.Version, Is.EqualTo("1.0.0"));
        });
    }

    [Test]
    public void An_installed_package_is_kept_and_a_pinned_other_version_replaces_it()
    {
        Feed.Add("Acme.Beta", "1.0.0", [Beta], PackageFeed.Spi()).Add("Acme.Beta", "1.1.0", [Beta], PackageFeed.Spi());
        Compose("Acme.Beta@1.0.0").Dispose();
        var installedAt = InstalledPlugin.Read(Path.Combine(Plugins.Path, "Acme.Beta"))!.InstalledAt;

        Compose("Acme.Beta").Dispose();
        var kept = InstalledPlugin.Read(Path.Combine(Plugins.Path, "Acme.Beta"))!;
        Compose("Acme.Beta@1.1.0").Dispose();
        var replaced = InstalledPlugin.Read(Path.Combine(Plugins.Path, "Acme.Beta"))!;

        Assert.Multiple(() =>
        {
            Assert.That((kept.Version, kept.InstalledAt), Is.EqualTo(("1.0.0", installedAt)), "an unpinned entry keeps what is installed");
            Assert.That(replaced.Version, Is.EqualTo("1.1.0"));
        });
    }

    [Test]
    public async Task The_host_logs_what_it_installed_and_what_it_kept_once_it_starts()
    {
        Feed.Add("Acme.Beta", "1.0.0", [Beta], PackageFeed.Spi());

        var installing = await StartedLogsAsync("Acme.Beta");
        var keeping = await StartedLogsAsync("Acme.Beta");

        Assert.Multiple(() =>
        {
            Assert.That(installing, Has.One.Contains("Installed plugin package Acme.Beta 1.0.0 from " + Feed.Path).And.Contains("entry 'Acme.Beta'"));
            Assert.That(keeping, Has.One.EqualTo("Plugins:Packages entry 'Acme.Beta' is installed already; kept"));
        });
    }

    [Test]
    public void A_replacement_that_fails_keeps_the_installed_version()
    {
        Feed.Add("Acme.Beta", "1.0.0", [Beta], PackageFeed.Spi()).Add("Acme.Beta", "2.0.0", [Beta], PackageFeed.Spi("2.0.0"));
        Compose("Acme.Beta@1.0.0").Dispose();

        var error = Assert.Throws<PluginLoadException>(() => Compose("Acme.Beta@2.0.0"));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("built against OpenWhisk.Spi"));
            Assert.That(InstalledPlugin.Read(Path.Combine(Plugins.Path, "Acme.Beta"))!.Version, Is.EqualTo("1.0.0"));
        });
    }

    [Test]
    public void A_package_that_cannot_be_installed_stops_the_host_with_the_entry_and_the_reason()
    {
        Feed.Add("Acme.Alpha", "1.0.0", [Alpha], PackageFeed.Spi("2.0.0"));

        var error = Assert.Throws<PluginLoadException>(() => Compose("Acme.Alpha"));

        Assert.That(error!.Message, Does.Contain("Plugins:Packages entry 'Acme.Alpha'").And.Contain("built against OpenWhisk.Spi"));
    }

    [Test]
    public void A_hand_copied_folder_of_the_same_name_is_not_overwritten()
    {
        Feed.Add("BetaPlugin", "1.0.0", [Beta], PackageFeed.Spi());
        Plugins.WithTestPlugin("BetaPlugin");

        var error = Assert.Throws<PluginLoadException>(() => Compose("BetaPlugin@1.0.0"));

        Assert.That(error!.Message, Does.Contain("was not installed from a package"));
    }

    /// <summary>Composes a host for the entry, starts its hosted services and returns the messages logged.</summary>
    private async Task<List<string>> StartedLogsAsync(string package)
    {
        await using var provider = Compose(package);
        foreach (var service in provider.GetServices<IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
        }

        return [.. provider.GetFakeLogCollector().GetSnapshot().Select(r => r.Message)];
    }

    private ServiceProvider Compose(string package, params (string Key, string Value)[] settings)
    {
        var values = settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))
            .Append(new("Plugins:Path", Plugins.Path))
            .Append(new("Plugins:Packages:0", package))
            .Append(new("Plugins:Sources:0", Feed.Path))
            .Append(new("Spi:LogStore", settings.Length == 0 ? "activation" : settings[0].Value));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values.DistinctBy(v => v.Key)).Build();
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddLogging(logging => logging.AddFakeLogging());

        services.AddOpenWhiskPlatform(configuration, registrar => registrar.AddOpenWhiskBuiltIns()).Select<ILogStore>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}
