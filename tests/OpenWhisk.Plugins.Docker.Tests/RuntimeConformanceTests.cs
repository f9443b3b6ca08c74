using System.Text.Json;

namespace OpenWhisk.Plugins.Docker.Tests;

/// <summary>
/// tests/runtime-conformance/conformance.py against each of our four runtime images, with that language's probe (the
/// C# and Java probes compiled here as their authors would): the protocol checks every runtime shares.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class RuntimeConformanceTests
{
    private static readonly string Folder = Path.Combine(ServiceProcess.RepositoryRoot(), "tests", "runtime-conformance");

    [OneTimeSetUp]
    public void RequireDocker() => DockerRequirement.Require();

    [TestCase("openwhisknet/action-nodejs-v20", "nodejs")]
    [TestCase("openwhisknet/action-python-v3", "python")]
    [TestCase("openwhisknet/action-dotnet-v10", "dotnet")]
    [TestCase("openwhisknet/action-java-v17", "java")]
    public async Task The_runtime_image_passes_every_shared_protocol_check(string image, string language)
    {
        var (code, main, badMain, binary) = language switch
        {
            "nodejs" => (await ProbeAsync("probe.js"), "main", "nope", false),
            "python" => (await ProbeAsync("probe.py"), "main", "nope", false),
            "dotnet" => (await DotnetActionBuilder.BuildAsync("Conformance", await ProbeAsync("Probe.cs"), ("Newtonsoft.Json", "13.0.4")),
                "Conformance::Conformance.Probe::Main", "Conformance::Conformance.Probe::Nope", true),
            _ => (await JavaActionBuilder.BuildAsync("Probe.java", await ProbeAsync("Probe.java")), "Probe", "NoSuchProbe", true),
        };
        var init = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(init, JsonSerializer.Serialize(new { value = new { name = "probe", main, code, binary } }));

            var (exitCode, output) = await ExternalCommand.RunAsync(
                "python3",
                [Path.Combine(Folder, "conformance.py"), "--image", image, "--init", init, "--bad-main", badMain],
                new Dictionary<string, string>(),
                Folder,
                TimeSpan.FromMinutes(5));

            TestContext.Out.WriteLine(output);
            Assert.Multiple(() =>
            {
                Assert.That(exitCode, Is.Zero, output);
                Assert.That(output, Does.Contain("all checks passed"));
                Assert.That(output, Does.Not.Contain("FAIL"));
            });
        }
        finally
        {
            File.Delete(init);
        }
    }

    private static Task<string> ProbeAsync(string name) => File.ReadAllTextAsync(Path.Combine(Folder, "probes", name));
}
