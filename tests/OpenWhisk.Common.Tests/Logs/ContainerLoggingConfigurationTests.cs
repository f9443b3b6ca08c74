using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenWhisk.Common.Plugins;
using OpenWhisk.Spi.Logs;
using OpenWhisk.Plugins.LogStores;

namespace OpenWhisk.Common.Tests.Logs;

/// <summary>Each built-in log store, composed from configuration, asks containers for the log driver it needs.</summary>
[TestFixture]
public sealed class ContainerLoggingConfigurationTests
{
    [Test]
    public void The_default_store_asks_for_a_json_file_rotated_as_configured()
    {
        using var provider = Compose(("Logs:JsonFile:MaxSize", "50m"), ("Logs:JsonFile:MaxFiles", "5"));

        var logging = provider.GetRequiredService<ILogStore>().ContainerLogging;

        Assert.That(logging!.Driver, Is.EqualTo("json-file"));
        Assert.That(logging.Options, Is.EquivalentTo(new Dictionary<string, string> { ["max-size"] = "50m", ["max-file"] = "5" }));
    }

    [Test]
    public async Task The_file_store_asks_for_the_same_rotated_json_file_with_defaults()
    {
        await using var provider = Compose(("Spi:LogStore", "file"), ("Logs:File:Directory", Path.Combine(Path.GetTempPath(), "owfilelogs" + Guid.NewGuid().ToString("N"))));

        var logging = provider.GetRequiredService<ILogStore>().ContainerLogging;

        Assert.That(logging!.Options, Is.EquivalentTo(new Dictionary<string, string> { ["max-size"] = "10m", ["max-file"] = "3" }));
    }

    [Test]
    public void The_logdriver_store_asks_for_the_configured_driver_and_collects_nothing()
    {
        using var provider = Compose(
            ("Spi:LogStore", "logdriver"), ("Logs:LogDriver:Driver", "fluentd"), ("Logs:LogDriver:Options:fluentd-address", "127.0.0.1:24224"));

        var store = provider.GetRequiredService<ILogStore>();

        Assert.That(store.CollectsLogs, Is.False);
        Assert.That(store.ContainerLogging!.Driver, Is.EqualTo("fluentd"));
        Assert.That(store.ContainerLogging.Options, Is.EquivalentTo(new Dictionary<string, string> { ["fluentd-address"] = "127.0.0.1:24224" }));
    }

    [Test]
    public void The_logdriver_store_without_a_driver_is_refused_with_the_setting_to_fix()
    {
        using var provider = Compose(("Spi:LogStore", "logdriver"));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ILogStore>());

        Assert.That(error!.Message, Does.Contain("Logs:LogDriver:Driver"));
    }

    [Test]
    public void The_none_store_leaves_the_engines_default_driver()
    {
        using var provider = Compose(("Spi:LogStore", "none"));

        Assert.That(provider.GetRequiredService<ILogStore>().ContainerLogging, Is.Null);
    }

    [TestCase("-1")]
    [TestCase("ten")]
    [TestCase("0m")]
    public void A_malformed_rotation_size_fails_validation(string size)
    {
        using var provider = Compose(("Logs:JsonFile:MaxSize", size));

        Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<JsonFileLogOptions>>().Value);
    }

    private static ServiceProvider Compose(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddOpenWhiskPlatform(configuration, registrar => new LogStoresPlugin().Register(registrar)).Select<ILogStore>("activation");
        return services.BuildServiceProvider();
    }
}
