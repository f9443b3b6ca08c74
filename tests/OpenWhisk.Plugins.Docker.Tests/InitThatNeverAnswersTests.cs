using OpenWhisk.Spi.Activations;
using static OpenWhisk.TestSupport.Jobs;

namespace OpenWhisk.Plugins.Docker.Tests;

/// <summary>
/// A real container whose <c>/init</c> never answers (the action's code loops forever while it loads): the
/// activation ends at the action's time limit with a developer error, the container is removed, and the pool keeps
/// serving.
/// </summary>
[TestFixture]
public sealed class InitThatNeverAnswersTests
{
    private const string LoopsWhileLoading = "while (true) {}\nfunction main(args) { return args; }";

    [Test]
    public async Task An_init_that_never_answers_ends_at_the_time_limit_and_the_container_is_removed()
    {
        DockerEnvironment.Require();
        using var factory = DockerEnvironment.Factory();
        var owner = "wsktest" + Guid.NewGuid().ToString("N")[..8];
        await using var pool = new RealTimePool(factory, owner);

        var stuck = await pool.InvokeAsync(Job(Action("stuck", timeoutMs: 1500, code: LoopsWhileLoading)));
        var removed = await Eventually.TrueAsync(async () => (await DockerEnvironment.ContainersOfAsync(owner)).Count == 0);
        var healthy = await pool.InvokeAsync(Job(Action("healthy"), parameters: new { still = "serving" }));

        Assert.Multiple(() =>
        {
            Assert.That(stuck.Response.StatusCode, Is.EqualTo(ActivationStatus.DeveloperError));
            Assert.That(stuck.Error(), Is.EqualTo("The action exceeded its time limits of 1500 milliseconds during initialization."));
            Assert.That(stuck.Annotation("timeout")?.GetBoolean(), Is.True);
            Assert.That(removed, Is.True, "the stuck container is removed");
            Assert.That(healthy.Response.Result!.Value.GetProperty("still").GetString(), Is.EqualTo("serving"));
        });
    }
}
