using OpenWhisk.Spi.Toolkit.Containers;

namespace OpenWhisk.Spi.Toolkit.Tests;

/// <summary>OpenWhisk's container names, shared by the invoker's pool and the direct balancer.</summary>
[TestFixture]
public sealed class ContainerNamesTests
{
    [Test]
    public void An_action_s_container_is_named_owner_number_namespace_action()
    {
        Assert.That(ContainerNames.ForAction("wsk0", 12, "guest", "hello_world"), Is.EqualTo("wsk0_12_guest_hello_world"));
    }

    [Test]
    public void A_stem_cell_is_named_owner_number_prewarm_kind_without_the_colon()
    {
        Assert.That(ContainerNames.ForStemCell("wskdirect0", 3, "nodejs:20"), Is.EqualTo("wskdirect0_3_prewarm_nodejs20"));
    }

    [TestCase("my-ns@example.com", "mynsexamplecom")]
    [TestCase("ação_1", "ao_1")]
    [TestCase("a b/c", "abc")]
    [TestCase("", "")]
    public void Only_ascii_letters_digits_and_underscores_are_kept(string text, string kept)
    {
        Assert.That(ContainerNames.Sanitize(text), Is.EqualTo(kept));
    }
}
