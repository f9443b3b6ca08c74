using Microsoft.Extensions.Logging.Abstractions;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Toolkit.Containers;

namespace OpenWhisk.Spi.Toolkit.Tests;

/// <summary>How containers are told where the platform API is.</summary>
[TestFixture]
public sealed class PlatformApiAccessTests
{
    private static readonly ContainerRequest Request = new()
    {
        Name = "wsk0_1_guest_a",
        Owner = "wsk0",
        Image = "image",
        MemoryMb = 256,
        Environment = new Dictionary<string, string> { ["OWN"] = "request" },
    };

    [Test]
    public async Task A_loopback_api_host_is_relayed_through_a_socket_named_in_the_environment()
    {
        var directory = Path.Combine(Path.GetTempPath(), "ow-relay-test-" + Guid.NewGuid().ToString("N")[..8]);
        await using var access = PlatformApiAccess.Create("http://127.0.0.1:3233", relay: true, directory, NullLogger.Instance);

        var environment = access.EnvironmentFor(Request, new Dictionary<string, string> { ["EXTRA"] = "factory" });

        Assert.Multiple(() =>
        {
            Assert.That(access.Relay, Is.Not.Null);
            Assert.That(File.Exists(Path.Combine(directory, PlatformApiRelay.SocketName)), Is.True);
            Assert.That(environment, Is.EqualTo(new[]
            {
                "__OW_API_HOST=http://127.0.0.1:3233", "__OW_API_SOCKET=/run/openwhisk/api.sock", "EXTRA=factory", "OWN=request",
            }));
        });
    }

    [TestCase("http://controller.example:3233", true)]
    [TestCase("http://127.0.0.1:3233", false)]
    public async Task A_routable_api_host_or_a_disabled_relay_gets_no_socket(string apiHost, bool relay)
    {
        await using var access = PlatformApiAccess.Create(apiHost, relay, relayDirectory: null, NullLogger.Instance);

        var environment = access.EnvironmentFor(Request, new Dictionary<string, string>());

        Assert.Multiple(() =>
        {
            Assert.That(access.Relay, Is.Null);
            Assert.That(environment, Is.EqualTo(new[] { "__OW_API_HOST=" + apiHost, "OWN=request" }));
        });
    }

    [Test]
    public async Task No_api_host_means_the_standalone_default()
    {
        await using var access = PlatformApiAccess.Create(null, relay: false, relayDirectory: null, NullLogger.Instance);

        Assert.That(access.ApiHost, Is.EqualTo(PlatformApiAccess.DefaultApiHost));
    }
}
