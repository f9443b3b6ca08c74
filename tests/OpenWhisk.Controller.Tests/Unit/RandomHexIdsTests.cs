using OpenWhisk.Controller.Invocation;

namespace OpenWhisk.Controller.Tests.Unit;

[TestFixture]
public sealed class RandomHexIdsTests
{
    [Test]
    public void Ids_are_32_lowercase_hex_characters_and_never_repeat_across_draws_and_threads()
    {
        var ids = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 4, _ =>
        {
            // Several draws of the per-thread buffer on each thread.
            for (var i = 0; i < 1000; i++)
            {
                ids.Add(RandomHexIds.Next());
            }
        });

        Assert.Multiple(() =>
        {
            Assert.That(ids, Has.Count.EqualTo(4000));
            Assert.That(ids.Distinct().Count(), Is.EqualTo(4000));
            Assert.That(ids, Has.All.Matches("^[0-9a-f]{32}$"));
        });
    }
}
