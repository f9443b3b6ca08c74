namespace OpenWhisk.Controller.Tests.EndToEnd.PluginAuthoring;

/// <summary>
/// The plugin author's and operator's path, from packed packages only: pack OpenWhisk.Spi, its toolkit, the
/// simulated container factory, OpenWhisk.TestKit and the templates; <c>dotnet new openwhisk-plugin</c> for every contract; each skeleton's
/// conformance tests fail; a load balancer and a log store written into their skeletons pass them; the store goes on
/// through <c>dotnet pack</c> and <c>admin plugins add</c> from that folder feed into a standalone started with it
/// selected, which keeps an action's logs through it.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PluginAuthoringFlowTests
{
    private static readonly Dictionary<string, string> RepositoryEnvironment = new() { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" };

    private string work = null!;
    private string packages = null!;
    private string hive = null!;
    private Dictionary<string, string> environment = null!;

    /// <summary>Packs the packages and installs the templates from them, once for the fixture.</summary>
    [OneTimeSetUp]
    public async Task PackAndInstallTheTemplates()
    {
        work = Directory.CreateTempSubdirectory("ow-plugin-flow-").FullName;
        environment = new Dictionary<string, string>
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",

            // The author's steps get a package cache of their own: this build's packages, version 0.1.0 like the
            // last build's, must not be shadowed by a stale copy.
            ["NUGET_PACKAGES"] = Path.Combine(work, "nuget-cache"),
        };
        var repository = ServiceProcess.RepositoryRoot();
        packages = Path.Combine(work, "packages");
        foreach (var packed in new[] { "src/Spi/OpenWhisk.Spi.csproj", "src/Spi.Toolkit/OpenWhisk.Spi.Toolkit.csproj", "plugins/Simulation/OpenWhisk.Plugins.Simulation.csproj", "tests/OpenWhisk.TestKit/OpenWhisk.TestKit.csproj", "templates/OpenWhisk.Templates.csproj" })
        {
            // The repository's own projects keep the machine's package cache (their restore state stays as it is).
            var (exitCode, output) = await ExternalCommand.RunAsync(
                "dotnet", ["pack", Path.Combine(repository, packed), "-c", "Release", "-o", packages], RepositoryEnvironment, repository, TimeSpan.FromMinutes(4));
            Assert.That(exitCode, Is.Zero, $"dotnet pack {packed}: {output}");
        }

        await File.WriteAllTextAsync(Path.Combine(work, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="openwhisk" value="{packages}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        hive = Path.Combine(work, "hive");
        await DotnetAsync(work, "new", "install", Directory.GetFiles(packages, "OpenWhisk.Templates.*.nupkg").Single(), "--debug:custom-hive", hive);
    }

    [OneTimeTearDown]
    public void DeleteWorkFolder() => Directory.Delete(work, recursive: true);

    [TestCase("ActivationStore", "Stores_a_record_and_gets_it_back_by_namespace_and_id")]
    [TestCase("ArtifactStore", "Creates_a_document_with_a_revision_and_reads_it_back")]
    [TestCase("Messaging", "Delivers_the_messages_of_a_topic_in_the_order_they_were_sent")]
    [TestCase("ContainerFactory", "A_container_initializes_and_runs_an_action_at_its_address")]
    [TestCase("SchedulingPolicy", "Reuses_the_idle_warm_container_of_the_action")]
    [TestCase("LoadBalancer", "Answers_a_blocking_caller_with_the_activation_s_own_record")]
    public async Task The_skeleton_of_each_contract_builds_and_fails_its_conformance_tests_until_written(string contract, string conformanceTest)
    {
        var name = "Acme." + contract;
        await DotnetAsync(work, "new", "openwhisk-plugin", "-n", name, "--contract", contract, "-o", Path.Combine(work, name), "--debug:custom-hive", hive);

        var skeleton = await RunAsync(Path.Combine(work, name), "test");

        Assert.Multiple(() =>
        {
            Assert.That(skeleton.ExitCode, Is.Not.Zero, skeleton.Output);
            Assert.That(skeleton.Output, Does.Contain("not implemented yet").And.Contain(conformanceTest).And.Contain("Passed:     0,"));
            Assert.That(skeleton.Output, Does.Not.Contain(": warning "), "the skeleton builds without warnings");
        });
    }

    [Test]
    public async Task A_balancer_written_into_its_skeleton_passes_the_conformance_tests_over_the_packed_bus_and_tracker()
    {
        await DotnetAsync(work, "new", "openwhisk-plugin", "-n", "Acme.Balancer", "--contract", "LoadBalancer", "-o", Path.Combine(work, "Acme.Balancer"), "--debug:custom-hive", hive);
        var project = Path.Combine(work, "Acme.Balancer", "Acme.Balancer");
        await File.WriteAllTextAsync(Path.Combine(project, "PluginLoadBalancer.cs"), AcmeBalancerSource.Balancer);

        var written = await RunAsync(Path.Combine(work, "Acme.Balancer"), "test");

        Assert.Multiple(() =>
        {
            Assert.That(written.ExitCode, Is.Zero, written.Output);
            Assert.That(written.Output, Does.Contain("Passed:     5"));
            Assert.That(written.Output, Does.Not.Contain(": warning "));
        });
    }

    [Test]
    public async Task A_plugin_goes_from_the_template_through_the_test_kit_and_a_package_to_a_running_standalone()
    {
        DockerRequirement.Require();
        await DotnetAsync(work, "new", "openwhisk-plugin", "-n", "Acme.LogStore", "--contract", "LogStore", "-o", Path.Combine(work, "Acme.LogStore"), "--debug:custom-hive", hive);

        var skeleton = await RunAsync(Path.Combine(work, "Acme.LogStore"), "test");
        Assert.Multiple(() =>
        {
            Assert.That(skeleton.ExitCode, Is.Not.Zero, "the log store skeleton fails its conformance tests");
            Assert.That(skeleton.Output, Does.Contain("not implemented yet").And.Contain("Failed:     7"));
        });

        var project = Path.Combine(work, "Acme.LogStore", "Acme.LogStore");
        await File.WriteAllTextAsync(Path.Combine(project, "AcmeLogOptions.cs"), AcmeLogStoreSource.Options);
        await File.WriteAllTextAsync(Path.Combine(project, "PluginLogStore.cs"), AcmeLogStoreSource.Store);
        var entry = Path.Combine(project, "PluginEntry.cs");
        await File.WriteAllTextAsync(entry, (await File.ReadAllTextAsync(entry)).Replace(
            "registrar.AddImplementation<ILogStore, PluginLogStore>(Name);",
            "registrar.AddOptions<AcmeLogOptions>(\"AcmeLogs\");\n        registrar.AddImplementation<ILogStore, PluginLogStore>(Name);",
            StringComparison.Ordinal));
        var written = await RunAsync(Path.Combine(work, "Acme.LogStore"), "test");
        Assert.Multiple(() =>
        {
            Assert.That(written.ExitCode, Is.Zero, written.Output);
            Assert.That(written.Output, Does.Contain("Passed:     7"));
        });

        var feed = Path.Combine(work, "feed");
        await DotnetAsync(project, "pack", "-c", "Release", "-o", feed);
        var plugins = Path.Combine(work, "plugins");
        CopyHostPlugins(plugins);
        var added = await AdminAsync("plugins", "add", "Acme.LogStore", "--source", feed, $"--Plugins:Path={plugins}");
        var again = await AdminAsync("plugins", "add", "Acme.LogStore", "--source", feed, $"--Plugins:Path={plugins}");
        var listed = await AdminAsync("plugins", "list", $"--Plugins:Path={plugins}");
        Assert.Multiple(() =>
        {
            Assert.That(added.ExitCode, Is.Zero, added.Output);
            Assert.That(again.ExitCode, Is.EqualTo(1), again.Output);
            Assert.That(again.Output, Does.Contain("already installed"));
            Assert.That(listed.Output, Does.Contain("Acme.LogStore\tAcme.LogStore 0.1.0\tfrom " + feed).And.Contain("Docker\t(not installed from a package)"));
        });

        var output = Path.Combine(work, "acme.log");
        await using var platform = await StandaloneProcess.StartAsync(new Dictionary<string, string>
        {
            ["Plugins:Path"] = plugins,
            ["Spi:LogStore"] = "acme.logstore",
            ["AcmeLogs:OutputFile"] = output,
        });
        using var guest = platform.Client();
        Assert.That((await guest.PutActionAsync("acme-logged", "nodejs:20", "function main(p) { console.log('hello from ' + p.name); return { ok: true }; }")).Status, Is.EqualTo(200));
        var invoked = await guest.InvokeAsync("acme-logged", new { name = "Ada" });
        var id = invoked.Body.GetProperty("activationId").GetString()!;
        var logs = await guest.GetJsonAsync($"/api/v1/namespaces/_/activations/{id}/logs");

        Assert.Multiple(async () =>
        {
            Assert.That(invoked.Status, Is.EqualTo(200), invoked.Body.ToString());
            Assert.That(logs.Body.GetProperty("logs").EnumerateArray().Select(l => l.GetString()), Is.EqualTo(new[] { "acme stdout: hello from Ada" }));
            Assert.That(await File.ReadAllLinesAsync(output), Is.EqualTo(new[] { id + " acme stdout: hello from Ada" }), "the plugin's own output");
        });
    }

    private static void CopyHostPlugins(string plugins)
    {
        var shipped = Path.Combine(Path.GetDirectoryName(ServiceProcess.AssemblyPath("Standalone"))!, "plugins");
        foreach (var file in Directory.GetFiles(shipped, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(plugins, Path.GetRelativePath(shipped, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    private Task<(int ExitCode, string Output)> AdminAsync(params string[] arguments) =>
        RunAsync(work, [ServiceProcess.AssemblyPath("Standalone"), "admin", .. arguments]);

    private async Task DotnetAsync(string directory, params string[] arguments)
    {
        var (exitCode, output) = await RunAsync(directory, arguments);
        Assert.That(exitCode, Is.Zero, $"dotnet {string.Join(' ', arguments)}: {output}");
    }

    private Task<(int ExitCode, string Output)> RunAsync(string directory, params string[] arguments) =>
        ExternalCommand.RunAsync("dotnet", arguments, environment, directory, TimeSpan.FromMinutes(4));
}
