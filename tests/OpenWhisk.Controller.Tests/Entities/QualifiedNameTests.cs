using OpenWhisk.Controller.Entities;

namespace OpenWhisk.Controller.Tests.Entities;

[TestFixture]
public sealed class QualifiedNameTests
{
    [TestCase("/guest/hello", "guest", "hello")]
    [TestCase("guest/hello", "guest", "hello")]
    [TestCase("/guest/pkg/hello", "guest/pkg", "hello")]
    [TestCase("//guest//pkg/hello/", "guest/pkg", "hello")]
    [TestCase("/_/hello", "_", "hello")]
    public void Parses_names_of_two_or_more_segments(string text, string path, string name)
    {
        Assert.Multiple(() =>
        {
            Assert.That(QualifiedName.TryParse(text, out var parsed), Is.True);
            Assert.That(parsed, Is.EqualTo(new QualifiedName(path, name)));
        });
    }

    [TestCase("hello")]
    [TestCase("/hello")]
    [TestCase("")]
    [TestCase("/guest/bad name ")]
    public void Refuses_names_without_a_namespace_or_with_an_invalid_segment(string text) =>
        Assert.That(QualifiedName.TryParse(text, out _), Is.False);

    [TestCase("echo", "guest/echo")]
    [TestCase("pkg/echo", "guest/pkg/echo")]
    [TestCase("/other/echo", "other/echo")]
    [TestCase("/other/pkg/echo", "other/pkg/echo")]
    [TestCase("other/pkg/echo", "other/pkg/echo")]
    [TestCase("/_/pkg/echo", "guest/pkg/echo")]
    public void Resolves_a_conductor_s_action_reference_as_openwhisk_does(string reference, string docId) =>
        Assert.That(QualifiedName.ResolveReference(reference, "guest")?.DocId, Is.EqualTo(docId));

    [TestCase("/echo")]
    [TestCase("a/b/c/d")]
    [TestCase("")]
    public void Refuses_a_reference_it_cannot_resolve(string reference) =>
        Assert.That(QualifiedName.ResolveReference(reference, "guest"), Is.Null);

    [Test]
    public void Knows_its_namespace_and_package()
    {
        var name = new QualifiedName("_/pkg", "a").ResolveDefault("guest");

        Assert.Multiple(() =>
        {
            Assert.That(name.Namespace, Is.EqualTo("guest"));
            Assert.That(name.Package, Is.EqualTo("pkg"));
            Assert.That(name.ToString(), Is.EqualTo("/guest/pkg/a"));
        });
    }
}
