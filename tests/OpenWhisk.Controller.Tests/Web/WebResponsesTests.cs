using System.Text;
using System.Text.Json;
using OpenWhisk.Controller.Web;

namespace OpenWhisk.Controller.Tests.Web;

[TestFixture]
public sealed class WebResponsesTests
{
    [Test]
    public void An_http_result_with_a_binary_type_is_decoded_from_base64()
    {
        var response = Http("""{"headers": {"Content-Type": "image/png"}, "body": "AAEC/w=="}""");

        Assert.Multiple(() =>
        {
            Assert.That(response.ContentType, Is.EqualTo("image/png"));
            Assert.That(response.Body.ToArray(), Is.EqualTo(new byte[] { 0, 1, 2, 255 }));
            Assert.That(response.Status, Is.EqualTo(200));
        });
    }

    [TestCase("""{"headers": {"Content-Type": "image/png"}, "body": "not base64!"}""", "Response type in header did not match generated content type.")]
    [TestCase("""{"headers": {"Content-Type": "what?"}, "body": "x"}""", "Response did not specify a known content-type.")]
    [TestCase("""{"statusCode": 99}""", "Response is not valid 'message/http'.")]
    [TestCase("""{"statusCode": 200.5}""", "Response is not valid 'message/http'.")]
    [TestCase("""{"statusCode": 101}""", "Response is not valid 'message/http'.")]
    [TestCase("""{"headers": {"X-A": {"nested": 1}}}""", "Response is not valid 'message/http'.")]
    [TestCase("""{"headers": {"X-A": "line\nbreak"}}""", "Response is not valid 'message/http'.")]
    [TestCase("""{"headers": {"Bad Name": "x"}}""", "Response is not valid 'message/http'.")]
    [TestCase("""[1]""", "Response is not valid 'message/http'.")]
    public void Refuses_http_results_that_are_not_valid_responses(string result, string message)
    {
        var refused = Assert.Throws<WebResultException>(() => Http(result));

        Assert.Multiple(() =>
        {
            Assert.That(refused!.Status, Is.EqualTo(400));
            Assert.That(refused.Message, Is.EqualTo(message));
        });
    }

    [Test]
    public void Reads_status_codes_given_as_strings_and_defaults_to_204_without_a_body()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Http("""{"statusCode": "404", "body": "gone"}""").Status, Is.EqualTo(404));
            Assert.That(Http("""{"body": ""}""").Status, Is.EqualTo(204));
            Assert.That(Http("""{"body": null, "statusCode": 200}""").Status, Is.EqualTo(200));
            Assert.That(Http("""{"body": "hi", "headers": {"Content-Type": "text/plain"}}""").ContentType, Is.EqualTo("text/plain; charset=UTF-8"));
            Assert.That(Encoding.UTF8.GetString(Http("""{"body": "eyJhIjoxfQ==", "headers": {"Content-Type": "application/json"}}""").Body.Span), Is.EqualTo("""{"a":1}"""), "base64 JSON is decoded, as OpenWhisk still does");
        });
    }

    [Test]
    public void Text_prints_values_and_json_needs_an_object_or_array()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetString(WebResponses.From(Json("""{"text": 42}"""), WebExtension.Text).Body.Span), Is.EqualTo("42"));
            Assert.That(Encoding.UTF8.GetString(WebResponses.From(Json("""{"body": null}"""), WebExtension.Text).Body.Span), Is.EqualTo("null"));
            Assert.That(WebResponses.From(Json("""[1, 2]"""), WebExtension.Json).ContentType, Is.EqualTo("application/json"));
            Assert.That(() => WebResponses.From(Json("\"x\""), WebExtension.Json), Throws.InstanceOf<WebResultException>().With.Message.EqualTo("Response is not valid 'application/json'."));
            Assert.That(() => WebResponses.From(Json("""{"svg": 1}"""), WebExtension.Svg), Throws.InstanceOf<WebResultException>().With.Message.EqualTo("Response is not valid 'image/svg+xml'."));
        });
    }

    private static WebResponse Http(string result) => WebResponses.From(Json(result), WebExtension.Http);

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;
}
