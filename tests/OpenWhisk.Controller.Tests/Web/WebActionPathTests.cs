using OpenWhisk.Controller.Web;

namespace OpenWhisk.Controller.Tests.Web;

[TestFixture]
public sealed class WebActionPathTests
{
    [TestCase("guest/default/hello", "guest/hello", WebExtension.Http, "")]
    [TestCase("guest/default/hello.json", "guest/hello", WebExtension.Json, "")]
    [TestCase("guest/pkg/hello.text/a/b%20c", "guest/pkg/hello", WebExtension.Text, "/a/b%20c")]
    [TestCase("guest/default/hello.svg/", "guest/hello", WebExtension.Svg, "/")]
    [TestCase("guest/default/my.action.html", "guest/my.action", WebExtension.Html, "")]
    [TestCase("guest/default/hello.xml", "guest/hello.xml", WebExtension.Http, "")]
    [TestCase("guest%20team/default/hello.http", "guest team/hello", WebExtension.Http, "")]
    public void Splits_namespace_package_action_extension_and_rest(string path, string docId, WebExtension extension, string rest)
    {
        var parsed = WebActionPath.Parse(path);

        Assert.Multiple(() =>
        {
            Assert.That(parsed!.Action.DocId, Is.EqualTo(docId));
            Assert.That(parsed.Extension, Is.EqualTo(extension));
            Assert.That(parsed.RestPath, Is.EqualTo(rest));
        });
    }

    [TestCase("guest/default")]
    [TestCase("guest")]
    [TestCase("guest/default/.json")]
    [TestCase("guest/default/bad*name")]
    [TestCase("guest/bad*pkg/hello")]
    public void Refuses_paths_that_name_no_valid_action(string path) => Assert.That(WebActionPath.Parse(path), Is.Null);
}
