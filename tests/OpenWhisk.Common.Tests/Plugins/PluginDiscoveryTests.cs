using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json;
using OpenWhisk.Plugins.Memory;
using OpenWhisk.Common.Plugins;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Logs;
using OpenWhisk.Spi.Messaging;
using OpenWhisk.Spi.Toolkit.Messaging;

namespace OpenWhisk.Common.Tests.Plugins;

[TestFixture]
public sealed class PluginDiscoveryTests
{
    private PluginFolder plugins = null!;

    [SetUp]
    public void CreateFolder() => plugins = new PluginFolder();

    [TearDown]
    public void DeleteFolder() => plugins.Dispose();

    [Test]
    public async Task Selects_the_plugin_implementation_named_in_configuration()
    {
        plugins.WithTestPlugin("AlphaPlugin").WithTestPlugin("BetaPlugin");
        using var provider = Compose(("Spi:LogStore", "beta"), ("Beta:Greeting", "hi"));

        var store = provider.GetRequiredService<ILogStore>();
        var lines = await store.FetchAsync(Record("abc"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(store.GetType().FullName, Is.EqualTo("OpenWhisk.Tests.Fixtures.BetaPlugin.BetaLogStore"));
            Assert.That(store.GetType().Assembly.Location, Does.StartWith(plugins.Path), "loaded from the plugin folder");
            Assert.That(lines, Is.EqualTo(new[] { "hi abc" }), "options bound from the plugin's configuration section");
        });
    }

    [Test]
    public void Plugin_types_implement_the_host_contracts()
    {
        plugins.WithTestPlugin("AlphaPlugin");
        using var provider = Compose(("Spi:LogStore", "alpha"));

        var store = provider.GetRequiredService<ILogStore>();

        Assert.Multiple(() =>
        {
            Assert.That(store, Is.InstanceOf<ILogStore>());
            Assert.That(
                store.GetType().GetInterfaces().Single(i => i.Name == nameof(ILogStore)).Assembly,
                Is.SameAs(typeof(ILogStore).Assembly),
                "the SPI assembly is shared with the host, not loaded twice");
        });
    }

    [Test]
    public void Selection_is_case_insensitive_and_built_ins_are_chosen_the_same_way()
    {
        using var provider = Compose(("Spi:Messaging", "MEMORY"));

        Assert.That(provider.GetRequiredService<IMessagingProvider>(), Is.InstanceOf<InMemoryMessagingProvider>());
    }

    [Test]
    public void An_unknown_name_fails_with_a_message_that_lists_every_installed_name()
    {
        plugins.WithTestPlugin("AlphaPlugin").WithTestPlugin("BetaPlugin");

        var error = Assert.Throws<SpiConfigurationException>(() => Compose(("Spi:LogStore", "gamma")));

        Assert.That(error!.Message, Does.Contain("Spi:LogStore names 'gamma', which is not installed")
            .And.Contain("alpha (plugin 'AlphaPlugin'")
            .And.Contain("beta (plugin 'BetaPlugin'"));
    }

    [Test]
    public void A_missing_selection_fails_with_a_message_that_lists_every_installed_name()
    {
        plugins.WithTestPlugin("AlphaPlugin");

        var error = Assert.Throws<SpiConfigurationException>(() => Compose());

        Assert.That(error!.Message, Does.Contain("No LogStore implementation is selected: set Spi:LogStore").And.Contain("alpha"));
    }

    [Test]
    public void Two_plugins_registering_the_same_name_fail_naming_both()
    {
        plugins.WithTestPlugin("AlphaPlugin").WithTestPlugin("DuplicateAlphaPlugin");

        var error = Assert.Throws<SpiConfigurationException>(() => Compose(("Spi:LogStore", "alpha")));

        Assert.That(error!.Message, Does.Contain("LogStore implementation 'alpha' is registered twice")
            .And.Contain("plugin 'AlphaPlugin'")
            .And.Contain("plugin 'DuplicateAlphaPlugin'"));
    }

    [Test]
    public void A_plugin_that_is_not_an_assembly_fails_naming_the_file_and_the_reason()
    {
        var validDeps = File.ReadAllBytes(Path.Combine(RepositoryPaths.TestPlugins, "BetaPlugin", "BetaPlugin.deps.json"));
        var folder = plugins.AddFolder(
            "Broken",
            ("Broken.dll", Encoding.ASCII.GetBytes("this is not a PE file")),
            ("Broken.deps.json", validDeps));

        var error = Assert.Throws<PluginLoadException>(() => Compose(("Spi:LogStore", "alpha")));

        Assert.That(error!.Message, Does.Contain(Path.Combine(folder, "Broken.dll")).And.Contain("is not a valid .NET assembly"));
    }

    [Test]
    public void A_plugin_with_a_malformed_deps_file_fails_naming_the_file_instead_of_crashing()
    {
        var folder = plugins.AddFolder(
            "BadDeps",
            ("BadDeps.dll", File.ReadAllBytes(Path.Combine(RepositoryPaths.TestPlugins, "BetaPlugin", "BetaPlugin.dll"))),
            ("BadDeps.deps.json", Encoding.ASCII.GetBytes("{}")));

        var error = Assert.Throws<PluginLoadException>(() => Compose(("Spi:LogStore", "alpha")));

        Assert.That(error!.Message, Does.Contain(Path.Combine(folder, "BadDeps.deps.json")).And.Contain("runtimeTarget"));
    }

    [Test]
    public void An_assembly_without_the_plugin_attribute_fails_naming_the_file()
    {
        var newtonsoft = File.ReadAllBytes(typeof(JsonConvert).Assembly.Location);
        var folder = plugins.AddFolder("NotAPlugin", ("Newtonsoft.Json.dll", newtonsoft));

        var error = Assert.Throws<PluginLoadException>(() => Compose(("Spi:LogStore", "alpha")));

        Assert.That(error!.Message, Does.Contain(Path.Combine(folder, "Newtonsoft.Json.dll")).And.Contain("no [assembly: OpenWhiskPlugin"));
    }

    [Test]
    public async Task A_plugin_dependency_of_another_version_loads_side_by_side_with_the_host()
    {
        plugins.WithTestPlugin("AlphaPlugin");
        using var provider = Compose(("Spi:LogStore", "alpha"));

        var lines = await provider.GetRequiredService<ILogStore>().FetchAsync(Record("abc"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(typeof(JsonConvert).Assembly.GetName().Version!.Major, Is.EqualTo(13), "the host uses Newtonsoft.Json 13");
            Assert.That(lines[0], Is.EqualTo("Newtonsoft.Json 12.0.0.0"), "the plugin uses its own Newtonsoft.Json 12");
            Assert.That(lines[1], Is.EqualTo("{\"ActivationId\":\"abc\"}"));
        });
    }

    [Test]
    public void Environment_variables_override_appsettings()
    {
        plugins.WithTestPlugin("AlphaPlugin").WithTestPlugin("BetaPlugin");
        const string variable = "OWTEST_Spi__LogStore";
        Environment.SetEnvironmentVariable(variable, "beta");
        try
        {
            var json = "{\"Spi\": {\"LogStore\": \"alpha\"}, \"Plugins\": {\"Path\": \"" + plugins.Path + "\"}}";
            var configuration = new ConfigurationBuilder()
                .AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json)))
                .AddEnvironmentVariables("OWTEST_")
                .Build();
            using var provider = Compose(configuration);

            Assert.That(provider.GetRequiredService<ILogStore>().GetType().Name, Is.EqualTo("BetaLogStore"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Test]
    public void A_missing_plugins_folder_means_only_built_in_implementations()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("Plugins:Path", Path.Combine(plugins.Path, "absent"))])
            .Build();
        var platform = new ServiceCollection().AddOpenWhiskPlatform(configuration, r => new MemoryPlugin().Register(r));

        Assert.Multiple(() =>
        {
            Assert.That(platform.Plugins, Is.Empty);
            Assert.That(platform.Catalog.NamesFor(typeof(IMessagingProvider)), Is.EqualTo(new[] { "memory" }));
        });
    }

    private ServiceProvider Compose(params (string Key, string Value)[] settings)
    {
        var values = settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))
            .Append(new KeyValuePair<string, string?>("Plugins:Path", plugins.Path));
        return Compose(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
    }

    private static ServiceProvider Compose(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        var platform = services.AddOpenWhiskPlatform(configuration, registrar => new MemoryPlugin().Register(registrar));
        if (configuration["Spi:Messaging"] is not null)
        {
            platform.Select<IMessagingProvider>();
        }
        else
        {
            platform.Select<ILogStore>();
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>A stored record of <c>guest/hello</c>, for the test plugins' log stores to fetch.</summary>
    internal static ActivationRecord Record(string id) => new()
    {
        Namespace = "guest",
        Name = "hello",
        Subject = "guest",
        ActivationId = id,
        Response = ActivationResponse.Success(null),
    };
}
