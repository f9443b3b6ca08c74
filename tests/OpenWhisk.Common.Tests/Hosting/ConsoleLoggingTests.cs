using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenWhisk.Common.Hosting;

namespace OpenWhisk.Common.Tests.Hosting;

[TestFixture]
public sealed class ConsoleLoggingTests
{
    [TestCase("text")]
    [TestCase("json")]
    public void Request_lines_are_off_at_every_level_even_when_the_configuration_asks_for_them(string format)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:Format"] = format,
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:" + ConsoleLogging.RequestUrlCategory] = "Trace",
            ["Logging:Console:LogLevel:" + ConsoleLogging.RequestUrlCategory] = "Trace",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.AddConfiguration(configuration.GetSection("Logging"));
            logging.AddOpenWhiskConsole(configuration);
        });
        using var provider = services.BuildServiceProvider();
        var loggers = provider.GetRequiredService<ILoggerFactory>();

        Assert.Multiple(() =>
        {
            // Enabled at any level, ASP.NET Core would start an Activity and a log scope for every request.
            Assert.That(loggers.CreateLogger(ConsoleLogging.RequestUrlCategory).IsEnabled(LogLevel.Critical), Is.False);
            Assert.That(loggers.CreateLogger("OpenWhisk.Anything").IsEnabled(LogLevel.Trace), Is.True, "other categories follow the configuration");
        });
    }
}
