using Microsoft.AspNetCore.Http;
using OpenWhisk.Controller.Api;

namespace OpenWhisk.Controller.Tests.Unit;

[TestFixture]
public sealed class RequestParametersTests
{
    private static readonly string[] QueryStrings =
    [
        "",
        "?",
        "?blocking=true&result=true",
        "?BLOCKING=True",
        "?blocking=true&blocking=false",
        "?blocking",
        "?blocking=",
        "?=true&blocking=yes",
        "?result=%74rue&blocking=a+b",
        "?%62locking=1",
        "?timeout=1000&timeout=2000&x=%zz",
        "?blocking=true&&result&=",
        "?skip=3&limit=%2D1",
    ];

    private static readonly string[] Names = ["blocking", "result", "timeout", "skip", "limit", "x"];

    [Test]
    public void A_parameter_reads_as_the_request_query_collection_gives_it([ValueSource(nameof(QueryStrings))] string query)
    {
        foreach (var name in Names)
        {
            var context = new DefaultHttpContext();
            context.Request.QueryString = new QueryString(query);
            var shortcut = RequestParameters.Text(context, name);

            Assert.That(shortcut, Is.EqualTo(context.Request.Query[name].ToString()), $"{name} in '{query}'");
        }
    }

    [TestCase("?blocking=true", true)]
    [TestCase("?blocking=YES", true)]
    [TestCase("?blocking=1", true)]
    [TestCase("?blocking=false", false)]
    [TestCase("?blocking=true&blocking=true", false)]
    [TestCase("", false)]
    public void A_flag_holds_for_true_yes_or_1_once(string query, bool expected)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query);

        Assert.That(RequestParameters.Flag(context, "blocking"), Is.EqualTo(expected));
    }
}
