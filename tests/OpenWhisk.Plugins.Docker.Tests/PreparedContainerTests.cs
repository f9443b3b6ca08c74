using OpenWhisk.Spi.Scheduling;
using static OpenWhisk.TestSupport.Jobs;

namespace OpenWhisk.Plugins.Docker.Tests;

/// <summary>
/// A container a scheduling policy prepares ahead of an action's arrival, on real Docker: created, initialized with the
/// action's code and init parameters through the runtime's <c>/init</c> without a run, then used warm.
/// </summary>
[TestFixture]
public sealed class PreparedContainerTests
{
    private const string Code = "function main(args) { return { secret: process.env.SECRET || null, name: args.name }; }";

    [Test]
    public async Task A_prepared_container_runs_the_next_activation_warm_with_the_actions_init_parameters()
    {
        DockerEnvironment.Require();
        using var factory = DockerEnvironment.Factory();
        var owner = "wsktest" + Guid.NewGuid().ToString("N")[..8];
        var plan = new IdlePlan(TimeSpan.Zero, TimeSpan.FromMilliseconds(200))
        {
            Preparations = [new ContainerPreparation(TimeSpan.FromSeconds(15), 1, TimeSpan.FromSeconds(60))],
        };
        await using var pool = new RealTimePool(factory, owner, policy: options => new ScriptedPolicy(options) { Plan = plan });
        var action = Action("prepared", code: Code);

        var first = await pool.InvokeAsync(WithInitParameter(Job(action, parameters: new { name = "first", SECRET = "s3cret" })));
        var removed = await Eventually.TrueAsync(async () => (await DockerEnvironment.ContainersOfAsync(owner)).Count == 0);
        var prepared = await Eventually.TrueAsync(async () => (await pool.Pool.GetSnapshotAsync()).Entries.Any(e => e.Kind == PoolEntryKind.Warmed), TimeSpan.FromSeconds(60));
        var second = await pool.InvokeAsync(WithInitParameter(Job(action, parameters: new { name = "second", SECRET = "other" })));

        Assert.Multiple(() =>
        {
            Assert.That(first.Response.IsSuccess, Is.True, first.Error());
            Assert.That(removed, Is.True, "the plan removed the first container 200 ms after it went idle");
            Assert.That(prepared, Is.True);
            Assert.That(second.Response.IsSuccess, Is.True, second.Error());
            Assert.That(second.Annotation("initTime"), Is.Null, "warm: initialized before it arrived");
            Assert.That(second.Response.Result!.Value.GetProperty("name").GetString(), Is.EqualTo("second"));
            Assert.That(second.Response.Result!.Value.GetProperty("secret").GetString(), Is.EqualTo("s3cret"), "the init parameter the container was prepared with");
            Assert.That(pool.Pool.Counters.Preparations, Is.EqualTo(1));
            Assert.That(pool.Pool.Counters.ColdStarts, Is.EqualTo(1));
        });
    }

    private static OpenWhisk.Execution.ActivationJob WithInitParameter(OpenWhisk.Execution.ActivationJob job) =>
        job with { Message = job.Message with { InitArgs = ["SECRET"] } };
}
