using OpenWhisk.Spi.Toolkit.Docker;

namespace OpenWhisk.Spi.Toolkit.Tests;

/// <summary>The reason a container could not start, cut down to what a developer can act on.</summary>
[TestFixture]
public sealed class StartFailureTests
{
    [TestCase(
        """{"message":"OCI runtime create failed: container_linux.go:380: starting container process caused: exec: \"/does-not-exist\": stat /does-not-exist: no such file or directory: unknown"}""",
        "exec: \"/does-not-exist\": stat /does-not-exist: no such file or directory")]
    [TestCase(
        "starting container failed: OCI runtime create failed: container_linux.go:380: starting container process caused: exec: \"/x\": permission denied: unknown",
        "exec: \"/x\": permission denied")]
    [TestCase("no such image", "no such image")]
    [TestCase("", "the engine gave no reason")]
    [TestCase(null, "the engine gave no reason")]
    public void Keeps_the_part_after_the_runtimes_prefixes(string? engineMessage, string reason) =>
        Assert.That(StartFailure.Reason(engineMessage), Is.EqualTo(reason));
}
