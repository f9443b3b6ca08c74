
namespace OpenWhisk.Plugins.Direct.Tests.EndToEnd;

/// <summary>A wrong kind map stops the real controller at startup, saying what is wrong.</summary>
[TestFixture]
public sealed class KindBasedStartupTests
{
    [Test]
    public void A_kind_map_naming_an_unknown_balancer_stops_the_controller_at_startup()
    {
        DockerRequirement.Require();

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => StandaloneProcess.StartAsync(new Dictionary<string, string>
        {
            ["Spi:LoadBalancerResolver"] = "kind-based",
            ["LoadBalancer:Kinds:0:Kind"] = "nodejs:20",
            ["LoadBalancer:Kinds:0:Balancer"] = "drect",
            ["LoadBalancer:Kinds:1:Kind"] = "nodejs:20",
            ["LoadBalancer:Kinds:1:Balancer"] = "lean",
        }));

        Assert.That(error!.Message, Does.Contain("exited with")
            .And.Contain("LoadBalancer:Kinds:0:Balancer names 'drect'")
            .And.Contain("maps kind 'nodejs:20' twice"));
    }
}
