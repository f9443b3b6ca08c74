using System.Diagnostics;
using System.Text.Json;
using OpenWhisk.Controller.Tests.Support;

namespace OpenWhisk.Controller.Tests.EndToEnd;

/// <summary>The official <c>openwhisk</c> npm package (installed with npm) drives the standalone platform.</summary>
[TestFixture]
[NonParallelizable]
public sealed class NpmClientTests
{
    private StandaloneProcess platform = null!;
    private string workDirectory = null!;

    [OneTimeSetUp]
    public async Task Prepare()
    {
        DockerRequirement.Require();
        workDirectory = Path.Combine(Path.GetTempPath(), "ow-npm-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(workDirectory);
        var source = Path.Combine(AppContext.BaseDirectory, "EndToEnd", "npm-client");
        foreach (var file in new[] { "package.json", "client-test.js" })
        {
            File.Copy(Path.Combine(source, file), Path.Combine(workDirectory, file));
        }

        var install = await RunAsync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], new Dictionary<string, string>());
        Assert.That(install.ExitCode, Is.Zero, "npm install openwhisk failed:\n" + install.Output);
        platform = await StandaloneProcess.StartAsync();
    }

    [OneTimeTearDown]
    public async Task CleanUp()
    {
        if (platform is not null)
        {
            await platform.DisposeAsync();
        }

        if (workDirectory is not null && Directory.Exists(workDirectory))
        {
            Directory.Delete(workDirectory, recursive: true);
        }
    }

    [Test]
    public async Task The_official_npm_client_creates_invokes_and_reads_activations_and_logs()
    {
        var run = await RunAsync("node", ["client-test.js"], new Dictionary<string, string>
        {
            ["APIHOST"] = platform.BaseAddress.ToString().TrimEnd('/'),
            ["AUTH"] = StandaloneProcess.GuestKey,
        });
        Assert.That(run.ExitCode, Is.Zero, "the npm client failed:\n" + run.Output + "\nplatform:\n" + platform.Output);

        var seen = JsonDocument.Parse(run.Output.Trim().Split('\n')[^1]).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(seen.GetProperty("created").GetProperty("name").GetString(), Is.EqualTo("npm-hello"));
            Assert.That(seen.GetProperty("result").GetProperty("hello").GetString(), Is.EqualTo("npm"));
            Assert.That(seen.GetProperty("activation").GetProperty("response").GetProperty("result").GetProperty("hello").GetString(), Is.EqualTo("record"));
            Assert.That(seen.GetProperty("fetched").GetProperty("activationId").GetString(), Is.EqualTo(seen.GetProperty("activation").GetProperty("activationId").GetString()));
            Assert.That(seen.GetProperty("logs").GetProperty("logs")[0].GetString(), Does.EndWith("stdout: npm client says hi to record"));
            Assert.That(seen.GetProperty("listed").EnumerateArray().Select(n => n.GetString()), Does.Contain("npm-hello"));
        });
    }

    private async Task<(int ExitCode, string Output)> RunAsync(string command, string[] arguments, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(command)
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
