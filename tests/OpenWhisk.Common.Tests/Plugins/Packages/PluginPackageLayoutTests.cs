using System.Text.Json;
using OpenWhisk.Common.Plugins;
using OpenWhisk.Common.Plugins.Packages;

namespace OpenWhisk.Common.Tests.Plugins.Packages;

/// <summary>What an installed plugin folder holds: what the host needs, nothing that would shadow the host's own.</summary>
[TestFixture]
public sealed class PluginPackageLayoutTests : PluginPackageTests
{
    [Test]
    public async Task A_framework_assembly_an_old_dependency_brings_is_left_to_the_host()
    {
        var frameworkJson = typeof(JsonSerializer).Assembly.Location;
        Feed.Add("Acme.Alpha", "1.0.0", [Alpha], PackageFeed.Spi(), PackageFeed.On("Old.Json", "1.0.0"))
            .Add("Old.Json", "1.0.0", [frameworkJson]);

        var installed = await Installer.AddAsync(PluginPackageRequest.Parse("Acme.Alpha"), [Feed.Path], CancellationToken.None);
        var folder = Path.Combine(Plugins.Path, "Acme.Alpha");
        var loaded = PluginLoader.Load(folder);

        Assert.Multiple(async () =>
        {
            Assert.That(installed.Packages, Does.Contain("Old.Json@1.0.0"));
            Assert.That(File.Exists(Path.Combine(folder, "System.Text.Json.dll")), Is.False, "the shared framework's copy is used");
            Assert.That(await File.ReadAllTextAsync(Path.Combine(folder, "AlphaPlugin.deps.json")), Does.Not.Contain("System.Text.Json.dll"));
            Assert.That(loaded.Entries, Is.Not.Empty);
        });
    }

    [Test]
    public async Task Native_libraries_for_this_host_are_installed_and_listed_and_others_are_not()
    {
        var native = Path.Combine(Plugins.Path, "..", Path.GetFileName(Plugins.Path) + "-libacme.so");
        await File.WriteAllBytesAsync(native, [0x7f, (byte)'E', (byte)'L', (byte)'F']);
        try
        {
            Feed.Add("Acme.Alpha", "1.0.0", [Alpha], [("runtimes/linux-x64/native/libacme.so", native), ("runtimes/win-x64/native/acme.dll", native)], PackageFeed.Spi());

            await Installer.AddAsync(PluginPackageRequest.Parse("Acme.Alpha"), [Feed.Path], CancellationToken.None);
            var folder = Path.Combine(Plugins.Path, "Acme.Alpha");
            using var deps = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "AlphaPlugin.deps.json")));
            var targets = deps.RootElement.GetProperty("targets").GetProperty(".NETCoreApp,Version=v10.0").GetProperty("Acme.Alpha/1.0.0").GetProperty("runtimeTargets");

            Assert.Multiple(() =>
            {
                Assert.That(File.Exists(Path.Combine(folder, "runtimes", "linux-x64", "native", "libacme.so")), Is.True);
                Assert.That(Directory.Exists(Path.Combine(folder, "runtimes", "win-x64")), Is.False);
                Assert.That(targets.GetProperty("runtimes/linux-x64/native/libacme.so").GetProperty("rid").GetString(), Is.EqualTo("linux-x64"));
                Assert.That(targets.GetProperty("runtimes/linux-x64/native/libacme.so").GetProperty("assetType").GetString(), Is.EqualTo("native"));
            });
        }
        finally
        {
            File.Delete(native);
        }
    }

    [Test]
    public async Task Dependencies_of_dependencies_are_installed_at_the_lowest_version_their_ranges_allow()
    {
        var json = Path.Combine(RepositoryPaths.TestPlugins, "AlphaPlugin", "Newtonsoft.Json.dll");
        Feed.Add("Acme.Alpha", "1.0.0", [Alpha], PackageFeed.Spi(), PackageFeed.On("Acme.Middle", "1.0.0"))
            .Add("Acme.Middle", "1.0.0", [], PackageFeed.On("Acme.Leaf", "2.0.0"))
            .Add("Acme.Leaf", "2.0.0", [json])
            .Add("Acme.Leaf", "2.5.0", [json]);

        var installed = await Installer.AddAsync(PluginPackageRequest.Parse("Acme.Alpha"), [Feed.Path], CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(installed.Packages, Is.EquivalentTo(new[] { "Acme.Alpha@1.0.0", "Acme.Middle@1.0.0", "Acme.Leaf@2.0.0" }));
            Assert.That(File.Exists(Path.Combine(Plugins.Path, "Acme.Alpha", "Newtonsoft.Json.dll")), Is.True);
        });
    }

    [Test]
    public async Task A_feed_that_serves_only_package_content_gives_dependencies_from_the_nuspecs()
    {
        var json = Path.Combine(RepositoryPaths.TestPlugins, "AlphaPlugin", "Newtonsoft.Json.dll");
        Feed.Add("Acme.Alpha", "1.0.0", [Alpha], PackageFeed.Spi(), PackageFeed.On("Acme.Middle", "1.0.0"))
            .Add("Acme.Middle", "1.0.0", [], PackageFeed.On("Acme.Leaf", "2.0.0"))
            .Add("Acme.Leaf", "2.0.0", [json]);
        using var server = new FlatContainerServer(Feed.Path);

        var installed = await Installer.AddAsync(PluginPackageRequest.Parse("Acme.Alpha"), [server.Index], CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(installed.Packages, Is.EquivalentTo(new[] { "Acme.Alpha@1.0.0", "Acme.Middle@1.0.0", "Acme.Leaf@2.0.0" }));
            Assert.That(installed.Source, Is.EqualTo(server.Index));
            Assert.That(server.Requested, Has.Some.EqualTo("/flat/acme.leaf/2.0.0/acme.leaf.2.0.0.nupkg"), "the transitive dependency read from its package");
            Assert.That(server.Requested.Where(p => p.EndsWith(".nupkg", StringComparison.Ordinal)), Is.Unique, "each package downloaded once");
        });
    }

    [Test]
    public void A_dependency_built_against_another_spi_is_refused_too()
    {
        Feed.Add("Acme.Alpha", "1.0.0", [Alpha], PackageFeed.Spi(), PackageFeed.On("Acme.Helpers", "1.0.0"))
            .Add("Acme.Helpers", "1.0.0", [], PackageFeed.Spi("3.0.0"));

        var refused = Assert.ThrowsAsync<PluginPackageException>(() => Installer.AddAsync(PluginPackageRequest.Parse("Acme.Alpha"), [Feed.Path], CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(refused!.Message, Does.StartWith("Package Acme.Helpers 1.0.0 is built against OpenWhisk.Spi"));
            Assert.That(Installer.List(), Is.Empty);
        });
    }

    [TestCase("linux-x64", true)]
    [TestCase("linux", true)]
    [TestCase("unix", true)]
    [TestCase("win-x64", false)]
    [TestCase("osx-arm64", false)]
    [TestCase("linux-x", false)]
    public void Native_assets_are_taken_for_the_host_runtime_and_its_fallbacks(string rid, bool taken)
    {
        Assume.That(System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier, Is.EqualTo("linux-x64"), "the cases are written for a linux-x64 host");

        Assert.That(PluginPackageExtractor.IsHostRuntime(rid), Is.EqualTo(taken));
    }
}
