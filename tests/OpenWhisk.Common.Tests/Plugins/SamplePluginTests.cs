using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenWhisk.Common.Plugins;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Logs;
using OpenWhisk.Spi.Scheduling;

namespace OpenWhisk.Common.Tests.Plugins;

/// <summary>
/// The sample plugin is built against the packed OpenWhisk.Spi NuGet package, outside the solution, and loaded
/// through the same discovery path as any plugin.
/// </summary>
[TestFixture]
public sealed class SamplePluginTests
{
    private static string SampleOutput => Path.Combine(RepositoryPaths.SamplePlugins, "HelloPlugin");

    [OneTimeSetUp]
    public void BuildSampleWhenMissing()
    {
        if (File.Exists(Path.Combine(SampleOutput, "HelloPlugin.dll")))
        {
            return;
        }

        using var process = Process.Start(new ProcessStartInfo("bash", Path.Combine(RepositoryPaths.Root, "samples", "build-sample-plugin.sh"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"samples/build-sample-plugin.sh failed:\n{output.Result}\n{error.Result}");
    }

    [Test]
    public async Task The_sample_plugin_built_from_the_spi_package_loads_and_runs()
    {
        using var plugins = new PluginFolder().WithCopyOf(SampleOutput, "HelloPlugin");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(
            [
                new("Plugins:Path", plugins.Path),
                new("Spi:LogStore", "hello"),
                new("HelloLogs:Prefix", "sample> "),
            ])
            .Build();
        var services = new ServiceCollection();
        services.AddOpenWhiskPlatform(configuration).Select<ILogStore>();
        using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<ILogStore>();
        var record = new ActivationRecord
        {
            Namespace = "guest",
            Name = "hello",
            Subject = "guest",
            ActivationId = "0123456789abcdef0123456789abcdef",
            Response = ActivationResponse.Success(null),
            Logs = ["2026-11-30T12:00:00.000000000Z stdout: hi"],
        };
        var lines = await store.FetchAsync(record, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(store.GetType().Assembly.Location, Does.StartWith(plugins.Path));
            Assert.That(store.CollectsLogs, Is.True);
            Assert.That(lines, Is.EqualTo(new[] { "sample> 2026-11-30T12:00:00.000000000Z stdout: hi" }));
        });
    }

    [Test]
    public void The_sample_plugins_scheduling_policy_loads_and_keeps_its_actions_longer()
    {
        using var plugins = new PluginFolder().WithCopyOf(SampleOutput, "HelloPlugin");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("Plugins:Path", plugins.Path), new("HelloScheduling:LongLivedKeepAlive", "02:00:00")])
            .Build();
        var services = new ServiceCollection();
        var platform = services.AddOpenWhiskPlatform(configuration);
        var name = platform.RequireInstalled<ISchedulingPolicyFactory>("hello", "Invoker:Pool:Policy");
        using var provider = services.BuildServiceProvider();

        var policy = provider.GetRequiredKeyedService<ISchedulingPolicyFactory>(name)
            .Create(new SchedulingPolicyContext("wsk0", TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(10)));
        var now = DateTimeOffset.UnixEpoch;
        var pool = new PoolView(now, [], 2048, 0, 0, 0);
        PlacementRequest Request(string action) => new(new ActionKey("guest", "guest/" + action, SemVer.Initial, "1"), "nodejs:20", 256, 1, now);

        Assert.Multiple(() =>
        {
            Assert.That(policy.PlanIdle(pool, Request("keep-warm"), null).RemoveAfter, Is.EqualTo(TimeSpan.FromHours(2)));
            Assert.That(policy.PlanIdle(pool, Request("other"), null).RemoveAfter, Is.EqualTo(TimeSpan.FromSeconds(610)), "OpenWhisk's, from the toolkit");
        });
    }
}
