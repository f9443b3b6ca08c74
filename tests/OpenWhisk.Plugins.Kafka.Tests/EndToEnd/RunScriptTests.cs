using System.Diagnostics;

namespace OpenWhisk.Plugins.Kafka.Tests.EndToEnd;

/// <summary><c>./run.sh</c> as a user runs it, in each mode: stopping it leaves no container behind, even of a killed process.</summary>
[TestFixture]
[NonParallelizable]
public sealed class RunScriptTests
{
    [Test]
    public async Task Stopping_run_sh_removes_the_containers_of_an_invoker_that_was_killed()
    {
        await using var run = await RunScript.StartAsync("--distributed", "--invokers", "1");
        var status = await run.InvokeAsync();
        await run.KillAsync("invoker0");
        var leftBehind = await ContainersAsync("wsk00");

        await run.StopAsync();

        var afterStop = await ContainersAsync("wsk00");
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(200));
            Assert.That(leftBehind, Is.Not.Empty, "the killed invoker could not remove its containers itself");
            Assert.That(afterStop, Is.Empty, "run.sh removed them as it stopped");
        });
    }

    [TestCase(TestName = "A_standalone_run_sh_whose_platform_was_killed_leaves_no_container")]
    [TestCase("--swarm", TestName = "A_standalone_run_sh_on_swarm_whose_platform_was_killed_leaves_no_container")]
    public async Task A_run_sh_whose_platform_was_killed_leaves_no_container(params string[] arguments)
    {
        await using var run = await RunScript.StartAsync(arguments);
        var status = await run.InvokeAsync();
        var before = await ContainersAsync("wsk0");

        // The platform killed: run.sh notices that its first process ended, and stops.
        await run.KillAsync("standalone");
        await run.WaitForExitAsync();

        var afterStop = await ContainersAsync("wsk0");
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(200));
            Assert.That(before, Is.Not.Empty, "the action ran in a container of the platform's");
            Assert.That(afterStop, Is.Empty, "run.sh removed what the killed platform left");
        });
    }

    private static async Task<List<string>> ContainersAsync(string owner) =>
        (await RunAsync("docker", "ps", "-aq", "--filter", "label=net.openwhisk.owner=" + owner)).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    [Test]
    public async Task A_postgres_password_reaches_the_services_through_their_environment_not_their_command_lines()
    {
        const string Password = "planted-password-4711";
        var store = new Dictionary<string, string> { ["OW_POSTGRES"] = PostgresServer.Shared() + ";Password=" + Password };
        await using var run = await RunScript.StartAsync(store, "--distributed", "--invokers", "1");

        var status = await run.InvokeAsync();
        var controller = await run.CommandLineOfAsync("controller0");
        var invoker = await run.CommandLineOfAsync("invoker0");

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(200), "the services reach the store");
            Assert.That(controller, Does.Contain("--Spi:ActivationStore=postgres").And.Not.Contain(Password));
            Assert.That(invoker, Does.Contain("--Spi:ActivationStore=postgres").And.Not.Contain(Password));
        });
    }

    internal static async Task<string> RunAsync(string command, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return text;
    }
}
