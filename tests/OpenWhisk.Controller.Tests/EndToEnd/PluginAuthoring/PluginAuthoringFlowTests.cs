namespace OpenWhisk.Controller.Tests.EndToEnd.PluginAuthoring;

/// <summary>
/// The plugin author's and operator's path, from packed packages only: pack OpenWhisk.Spi, OpenWhisk.TestKit and the
/// templates; <c>dotnet new openwhisk-plugin</c> for two contracts; the skeletons' conformance tests fail; a log
/// store written into one passes them; <c>dotnet pack</c>; <c>admin plugins add</c> from that folder feed; the
/// standalone started with the plugin selected keeps an action's logs through it.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PluginAuthoringFlowTests
{
    private string work = null!;
    private Dictionary<string, string> environment = null!;

    [SetUp]
    public void CreateWorkFolder()
    {
        work = Directory.CreateTempSubdirectory("ow-plugin-flow-").FullName;
        environment = new Dictionary<string, string>
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",

            // Its own package cache: packages of this build, version 0.1.0 like the last, must not be shadowed.
            ["NUGET_PACKAGES"] = Path.Combine(work, "nuget-cache"),
        };
    }

    [TearDown]
    public void DeleteWorkFolder() => Directory.Delete(work, recursive: true);

    [Test]
    public async Task A_plugin_goes_from_the_template_through_the_test_kit_and_a_package_to_a_running_standalone()
    {
        DockerRequirement.Require();
        var repository = ServiceProcess.RepositoryRoot();
        var packages = Path.Combine(work, "packages");
        foreach (var packed in new[] { "src/Spi/OpenWhisk.Spi.csproj", "src/Spi.Toolkit/OpenWhisk.Spi.Toolkit.csproj", "tests/OpenWhisk.TestKit/OpenWhisk.TestKit.csproj", "templates/OpenWhisk.Templates.csproj" })
        {
            await DotnetAsync(repository, "pack", Path.Combine(repository, packed), "-c", "Release", "-o", packages);
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
        var hive = Path.Combine(work, "hive");
        await DotnetAsync(work, "new", "install", Directory.GetFiles(packages, "OpenWhisk.Templates.*.nupkg").Single(), "--debug:custom-hive", hive);
        await DotnetAsync(work, "new", "openwhisk-plugin", "-n", "Acme.Activations", "--contract", "ActivationStore", "-o", Path.Combine(work, "Acme.Activations"), "--debug:custom-hive", hive);
        await DotnetAsync(work, "new", "openwhisk-plugin", "-n", "Acme.LogStore", "--contract", "LogStore", "-o", Path.Combine(work, "Acme.LogStore"), "--debug:custom-hive", hive);

        var activationSkeleton = await RunAsync(Path.Combine(work, "Acme.Activations"), "test");
        var logSkeleton = await RunAsync(Path.Combine(work, "Acme.LogStore"), "test");
        Assert.Multiple(() =>
        {
            Assert.That(activationSkeleton.ExitCode, Is.Not.Zero, "the activation store skeleton fails its conformance tests");
            Assert.That(activationSkeleton.Output, Does.Contain("not implemented yet").And.Contain("Stores_a_record_and_gets_it_back_by_namespace_and_id"));
            Assert.That(logSkeleton.ExitCode, Is.Not.Zero, "the log store skeleton fails its conformance tests");
            Assert.That(logSkeleton.Output, Does.Contain("not implemented yet").And.Contain("Failed:     7"));
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
        var shipped = Path.Combine(Path.GetDirectoryName(ServiceProcess.AssemblyPath("Controller"))!, "plugins");
        foreach (var file in Directory.GetFiles(shipped, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(plugins, Path.GetRelativePath(shipped, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    private Task<(int ExitCode, string Output)> AdminAsync(params string[] arguments) =>
        RunAsync(work, [ServiceProcess.AssemblyPath("Controller"), "admin", .. arguments]);

    private async Task DotnetAsync(string directory, params string[] arguments)
    {
        var (exitCode, output) = await RunAsync(directory, arguments);
        Assert.That(exitCode, Is.Zero, $"dotnet {string.Join(' ', arguments)}: {output}");
    }

    private Task<(int ExitCode, string Output)> RunAsync(string directory, params string[] arguments) =>
        ExternalCommand.RunAsync("dotnet", arguments, environment, directory, TimeSpan.FromMinutes(4));
}
