using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenWhisk.Common.Plugins;
using OpenWhisk.Invoker.Tests.Support;

namespace OpenWhisk.Invoker.Tests.Hosting;

/// <summary>Choosing the pool's scheduling policy by configuration, and the errors an operator sees.</summary>
[TestFixture]
public sealed class SchedulingPolicySelectionTests
{
    private static IHost Build(params (string Key, string Value)[] settings) =>
        InvokerHosts.Build(settings.ToDictionary(s => s.Key, s => (string?)s.Value));

    [Test]
    public void Names_the_installed_policies_when_the_configured_one_is_not_installed()
    {
        var error = Assert.Throws<SpiConfigurationException>(() => Build(("Invoker:Pool:Policy", "fastest")));

        Assert.That(error!.Message, Does.Contain("Invoker:Pool:Policy names 'fastest'").And.Contain("adaptive").And.Contain("openwhisk"));
    }

    [Test]
    public void Refuses_to_start_with_adaptive_settings_out_of_range()
    {
        using var host = Build(("Invoker:Pool:Policy", "adaptive"), ("Invoker:Pool:Adaptive:BinWidth", "00:00:01"), ("Invoker:Pool:Adaptive:HistogramRange", "7.00:00:00"));

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.Message, Does.Contain("bins"));
    }
}
