using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenWhisk.Common.Plugins;
using OpenWhisk.Common.Plugins.Packages;
using OpenWhisk.Spi.Logs;

namespace OpenWhisk.Common.Tests.Plugins.Packages;

[TestFixture]
public sealed class PluginPackageInstallerTests : PluginPackageTests
{
    [Test]
    public async Task Installs_a_plugin_package_and_its_dependencies_as_a_folder_the_host_loads()
    {
        Feed.Add("Acme.Alpha", "1.0.0", [Alpha], PackageFeed.Spi(), PackageFeed.On("Newtonsoft.Json", "12.0.3"))
            .AddFromGlobalPackages("Newtonsoft.Json", "12.0.3");

        var installed = await Installer.AddAsync(PluginPackageRequest.Parse("Acme.Alpha"), [Feed.Path], CancellationToken.None);
        using var provider = Compose(("Spi:LogStore", "alpha"));
        var lines = await provider.GetRequiredService<ILogStore>().FetchAsync(PluginDiscoveryTests.Record("a1"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(installed.Packages, Is.EqualTo(new[] { "Acme.Alpha@1.0.0", "Newtonsoft.Json@12.0.3" }));
            Assert.That(Directory.GetFiles(Path.Combine(Plugins.Path, "Acme.Alpha")).Select(Path.GetFileName),
                Is.EquivalentTo(new[] { "AlphaPlugin.dll", "AlphaPlugin.deps.json", "Newtonsoft.Json.dll", InstalledPlugin.FileName }));
            Assert.That(lines[0], Does.StartWith("Newtonsoft.Json 12."), "the plugin's own dependency, resolved from its folder");
            Assert.That(Directory.GetDirectories(Plugins.Path).Select(Path.GetFileName), Is.EqualTo(new[] { "Acme.Alpha" }), "no staging folder left");
        });
    }

    [Test]
    public async Task Without_a_version_the_newest_stable_version_is_installed_and_with_one_that_version()
    {
        foreach (var version in new[] { "1.0.0", "1.2.0", "2.0.0-beta.1" })
        {
            Feed.Add("Acme.Alpha", version, [Alpha], PackageFeed.Spi());
        }

        var newest = await Installer.AddAsync(PluginPackageRequest.Parse("Acme.Alpha"), [Feed.Path], CancellationToken.None);
        await Installer.RemoveAsync("Acme.Alpha", force: false, CancellationToken.None);
        var pinned = await Installer.AddAsync(PluginPackageRequest.Parse("Acme.Alpha@1.0.0"), [Feed.Path], CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(newest.Version, Is.EqualTo("1.2.0"));
            Assert.That(pinned.Version, Is.EqualTo("1.0.0"));
            Assert.That(Installer.List().Single().Package!.Version, Is.EqualTo("1.0.0"));
        });
    }

    [Test]
    public void A_package_built_against_another_major_version_of_the_spi_is_refused()
    {
        Feed.Add("Acme.Future", "1.0.0", [Alpha], PackageFeed.Spi("1.0.0"));

        var refused = Assert.ThrowsAsync<PluginPackageException>(() => Installer.AddAsync(PluginPackageRequest.Parse("Acme.Future"), [Feed.Path], CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(refused!.Message, Does.Contain("built against OpenWhisk.Spi").And.Contain("this host provides OpenWhisk.Spi 0.1.0"));
            Assert.That(Directory.GetDirectories(Plugins.Path), Is.Empty, "nothing installed, no staging folder left");
        });
    }

    [Test]
    public void A_package_that_does_not_reference_the_spi_is_refused()
    {
        Feed.Add("Acme.Unrelated", "1.0.0", [Alpha]);

        var refused = Assert.ThrowsAsync<PluginPackageException>(() => Installer.AddAsync(PluginPackageRequest.Parse("Acme.Unrelated"), [Feed.Path], CancellationToken.None));

        Assert.That(refused!.Message, Does.Contain("does not reference OpenWhisk.Spi"));
    }

    [Test]
    public void A_package_without_the_plugin_attribute_is_refused_and_leaves_nothing_behind()
    {
        Feed.Add("Acme.NoEntry", "1.0.0", [AlphasNewtonsoft], PackageFeed.Spi());

        var refused = Assert.ThrowsAsync<PluginPackageException>(() => Installer.AddAsync(PluginPackageRequest.Parse("Acme.NoEntry"), [Feed.Path], CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(refused!.Message, Does.Contain("carries no assembly with [assembly: OpenWhiskPlugin"));
            Assert.That(Directory.GetDirectories(Plugins.Path), Is.Empty);
        });
    }

    [Test]
    public async Task A_name_already_installed_is_refused_whatever_its_case()
    {
        Feed.Add("Acme.Alpha", "1.0.0", [Alpha], PackageFeed.Spi());
        Plugins.WithTestPlugin("AlphaPlugin");
        Directory.Move(Path.Combine(Plugins.Path, "AlphaPlugin"), Path.Combine(Plugins.Path, "acme.alpha"));

        var refused = Assert.ThrowsAsync<PluginPackageException>(() => Installer.AddAsync(PluginPackageRequest.Parse("Acme.Alpha"), [Feed.Path], CancellationToken.None));

        Assert.Multiple(async () =>
        {
            Assert.That(refused!.Message, Does.Contain("already installed").And.Contain("plugins remove acme.alpha"));
            Assert.That(await File.ReadAllTextAsync(Path.Combine(Plugins.Path, "acme.alpha", "AlphaPlugin.deps.json")), Is.Not.Empty, "the installed plugin is untouched");
        });
    }

    [Test]
    public void A_package_no_source_holds_is_reported_with_the_sources_asked()
    {
        var refused = Assert.ThrowsAsync<PluginPackageException>(() => Installer.AddAsync(PluginPackageRequest.Parse("Acme.Absent@1.0.0"), [Feed.Path], CancellationToken.None));

        Assert.That(refused!.Message, Does.Contain("Acme.Absent@1.0.0 was not found on " + Feed.Path));
    }

    [Test]
    public async Task Lists_installed_and_hand_copied_plugins_and_removes_by_name()
    {
        Feed.Add("Acme.Alpha", "1.0.0", [Alpha], PackageFeed.Spi());
        Plugins.WithTestPlugin("BetaPlugin");
        await Installer.AddAsync(PluginPackageRequest.Parse("Acme.Alpha"), [Feed.Path], CancellationToken.None);

        var listed = Installer.List();
        var removed = await Installer.RemoveAsync("acme.alpha", force: false, CancellationToken.None);
        var gone = await Installer.RemoveAsync("Acme.Alpha", force: false, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(listed.Select(e => (e.Name, e.Package?.PackageId)), Is.EqualTo(new[] { ("Acme.Alpha", (string?)"Acme.Alpha"), ("BetaPlugin", null) }));
            Assert.That(removed, Is.True);
            Assert.That(gone, Is.False, "already gone");
            Assert.That(Directory.GetDirectories(Plugins.Path).Select(Path.GetFileName), Is.EqualTo(new[] { "BetaPlugin" }));
            Assert.ThrowsAsync<PluginPackageException>(() => Installer.RemoveAsync("../BetaPlugin", force: true, CancellationToken.None));
        });
    }

    [Test]
    public async Task A_folder_not_installed_from_a_package_is_removed_only_when_forced()
    {
        Plugins.WithTestPlugin("BetaPlugin");

        var refused = Assert.ThrowsAsync<PluginPackageException>(() => Installer.RemoveAsync("BetaPlugin", force: false, CancellationToken.None));
        var kept = Directory.Exists(Path.Combine(Plugins.Path, "BetaPlugin"));
        var removed = await Installer.RemoveAsync("BetaPlugin", force: true, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(refused!.Message, Does.Contain("was not installed from a package").And.Contain("--force"));
            Assert.That(kept, Is.True);
            Assert.That(removed, Is.True);
            Assert.That(Installer.List(), Is.Empty);
        });
    }

    [Test]
    public async Task Two_installations_of_one_package_at_once_install_it_once_and_refuse_the_other()
    {
        Feed.Add("Acme.Alpha", "1.0.0", [Alpha], PackageFeed.Spi(), PackageFeed.On("Newtonsoft.Json", "12.0.3"))
            .AddFromGlobalPackages("Newtonsoft.Json", "12.0.3");

        var attempts = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            try
            {
                await new PluginPackageInstaller(Plugins.Path, TimeProvider.System).AddAsync(PluginPackageRequest.Parse("Acme.Alpha"), [Feed.Path], CancellationToken.None);
                return "installed";
            }
            catch (PluginPackageException exception)
            {
                return exception.Message;
            }
        })));

        Assert.Multiple(() =>
        {
            Assert.That(attempts.Count(a => a == "installed"), Is.EqualTo(1), string.Join(" | ", attempts));
            Assert.That(attempts, Has.One.Contains("already installed"));
            Assert.That(Directory.GetDirectories(Plugins.Path).Select(Path.GetFileName), Is.EqualTo(new[] { "Acme.Alpha" }), "no staging folder left");
        });
    }

    [Test]
    public void The_loader_skips_hidden_folders_where_plugins_are_staged()
    {
        Plugins.WithTestPlugin("BetaPlugin");
        Plugins.AddFolder(".staging-1234", ("broken.dll", [1, 2, 3]));

        var loaded = PluginLoader.LoadAll(Plugins.Path);

        Assert.That(loaded.Select(p => p.Name), Is.EqualTo(new[] { "BetaPlugin" }));
    }

    [TestCase("Acme.Alpha", "Acme.Alpha", null)]
    [TestCase("Acme.Alpha@1.2.3", "Acme.Alpha", "1.2.3")]
    [TestCase(" Acme.Alpha @ 2.0.0-rc.1 ", "Acme.Alpha", "2.0.0-rc.1")]
    public void Parses_a_package_id_with_an_optional_version(string text, string id, string? version)
    {
        var request = PluginPackageRequest.Parse(text);

        Assert.That((request.Id, request.Version?.ToNormalizedString()), Is.EqualTo((id, version)));
    }

    [TestCase("")]
    [TestCase("../escape")]
    [TestCase("Acme.Alpha@not-a-version")]
    public void Refuses_text_that_is_not_a_package_id(string text) =>
        Assert.Throws<PluginPackageException>(() => PluginPackageRequest.Parse(text));

    private ServiceProvider Compose(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)).Append(new("Plugins:Path", Plugins.Path)))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddOpenWhiskPlatform(configuration).Select<ILogStore>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}
