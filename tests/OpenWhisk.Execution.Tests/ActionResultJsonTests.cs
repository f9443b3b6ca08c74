using System.Text.Json;
using OpenWhisk.Spi;

namespace OpenWhisk.Execution.Tests;

[TestFixture]
public sealed class ActionResultJsonTests
{
    [TestCase(@"{""s"":""a\ud800b""}", "a\uFFFDb")]
    [TestCase(@"{""s"":""\udc00""}", "\uFFFD")]
    [TestCase(@"{""s"":""\ud83d\ude00""}", "\U0001F600")]
    [TestCase(@"{""s"":""\\ud800""}", @"\ud800")]
    [TestCase(@"{""s"":""\\\ud800""}", "\\\uFFFD")]
    [TestCase(@"{""s"":""\\ud800\udc00""}", "\\ud800\uFFFD")]
    public void Lone_surrogates_become_replacement_characters_and_everything_else_is_kept(string body, string expected)
    {
        Assert.That(ActionResultJson.TryParse(body, out var json), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("s").GetString(), Is.EqualTo(expected));
            Assert.That(() => JsonSerializer.Serialize(json, OpenWhiskJson.Options), Throws.Nothing, "writable again");
        });
    }

    [Test]
    public void A_result_nested_to_the_limit_is_read_and_one_level_more_is_not_json_here()
    {
        static string Nested(int depth) => string.Concat(Enumerable.Repeat(@"{""r"":", depth - 1)) + "{}" + new string('}', depth - 1);

        Assert.Multiple(() =>
        {
            Assert.That(ActionResultJson.TryParse(Nested(ActionResultJson.MaxDepth), out _), Is.True);
            Assert.That(ActionResultJson.TryParse(Nested(ActionResultJson.MaxDepth + 1), out _), Is.False);
        });
    }

    [TestCase("")]
    [TestCase("  ")]
    [TestCase("not json")]
    public void Empty_or_invalid_text_is_not_a_result(string body) => Assert.That(ActionResultJson.TryParse(body, out _), Is.False);
}
