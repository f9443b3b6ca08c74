using OpenWhisk.Common.Plugins.Packages;

namespace OpenWhisk.Common.Tests.Plugins.Packages;

/// <summary>
/// What the plugin package tests share: a local feed and a plugins folder made fresh for each test, an installer on
/// that folder, and the test plugins' assemblies to pack.
/// </summary>
public abstract class PluginPackageTests
{
    /// <summary>The Alpha test plugin (a log store named <c>alpha</c> that reports its Newtonsoft.Json).</summary>
    protected static readonly string Alpha = Path.Combine(RepositoryPaths.TestPlugins, "AlphaPlugin", "AlphaPlugin.dll");

    /// <summary>The Beta test plugin (a log store named <c>beta</c>).</summary>
    protected static readonly string Beta = Path.Combine(RepositoryPaths.TestPlugins, "BetaPlugin", "BetaPlugin.dll");

    /// <summary>Newtonsoft.Json 12, an assembly without the plugin attribute.</summary>
    protected static readonly string AlphasNewtonsoft = Path.Combine(RepositoryPaths.TestPlugins, "AlphaPlugin", "Newtonsoft.Json.dll");

    private PackageFeed? feed;
    private PluginFolder? plugins;

    /// <summary>Gets the test's feed.</summary>
    protected PackageFeed Feed => feed!;

    /// <summary>Gets the test's plugins folder.</summary>
    protected PluginFolder Plugins => plugins!;

    /// <summary>Gets an installer on the test's plugins folder.</summary>
    protected PluginPackageInstaller Installer { get; private set; } = null!;

    [SetUp]
    public void CreateFolders()
    {
        feed = new PackageFeed();
        plugins = new PluginFolder();
        Installer = new PluginPackageInstaller(plugins.Path, TimeProvider.System);
    }

    [TearDown]
    public void DeleteFolders()
    {
        feed?.Dispose();
        plugins?.Dispose();
    }
}
