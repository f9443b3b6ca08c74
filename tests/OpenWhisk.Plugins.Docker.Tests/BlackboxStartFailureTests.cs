using OpenWhisk.Spi.Activations;
using static OpenWhisk.TestSupport.Jobs;

namespace OpenWhisk.Plugins.Docker.Tests;

/// <summary>A blackbox image that cannot start is the developer's error, so it does not count against the invoker's health.</summary>
[TestFixture]
public sealed class BlackboxStartFailureTests
{
    [Test]
    public async Task A_blackbox_image_whose_entrypoint_is_missing_is_a_developer_error_that_names_the_cause()
    {
        DockerEnvironment.Require();
        var image = await BadEntrypointImage.EnsureAsync();
        var owner = "wsktest" + Guid.NewGuid().ToString("N")[..8];
        using var factory = DockerEnvironment.Factory();
        await using (var pool = new RealTimePool(factory, owner))
        {
            var record = await pool.InvokeAsync(Job(Action("badentry", kind: "blackbox", image: image)));

            Assert.Multiple(() =>
            {
                Assert.That(record.Response.StatusCode, Is.EqualTo(ActivationStatus.DeveloperError));
                Assert.That(record.Error(), Does.StartWith($"Failed to start container image '{image}': ").And.Contain("/does-not-exist"));
            });
        }

        Assert.That(await DockerEnvironment.ContainersOfAsync(owner), Is.Empty);
    }
}
