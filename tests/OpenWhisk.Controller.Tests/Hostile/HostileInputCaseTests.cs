using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OpenWhisk.Controller.Tests.Support;

namespace OpenWhisk.Controller.Tests.Hostile;

/// <summary>
/// The hostile inputs that once answered 500, each on its own (the seeded fuzz meets them only by chance): bad
/// annotation names to delete, invalid UTF-8, lone surrogates, and transaction ids that must not be echoed.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class HostileInputCaseTests : StandaloneFixture
{
    [TestCase("""{"exec": {"kind": "nodejs:20", "code": "x"}, "delAnnotations": [1]}""", TestName = "An_annotation_to_delete_that_is_not_a_string_is_a_bad_request")]
    [TestCase("""{"exec": {"kind": "nodejs:20", "code": "x"}, "delAnnotations": "web-export"}""", TestName = "Annotations_to_delete_that_are_not_a_list_are_a_bad_request")]
    [TestCase("""{"exec": {"kind": "nodejs:20", "code": "x"}, "parameters": [{"key": 1, "value": 2}]}""", TestName = "A_parameter_whose_key_is_not_a_string_is_a_bad_request")]
    [TestCase("""{"exec": {"kind": "nodejs:\ud800", "code": "x"}}""", TestName = "A_kind_with_a_lone_surrogate_is_a_bad_request")]
    public async Task Bad_action_definitions_are_answered_400_and_store_nothing(string body)
    {
        var name = "hostile-" + Guid.NewGuid().ToString("N")[..8];

        using var response = await PutAsync(name, Encoding.UTF8.GetBytes(body));
        using var stored = await Guest.GetAsync($"/api/v1/namespaces/_/actions/{name}");

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("\"error\""));
            Assert.That(stored.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task Code_that_is_not_valid_UTF_8_is_a_bad_request()
    {
        var body = Encoding.UTF8.GetBytes("""{"exec": {"kind": "nodejs:20", "code": "x"}}""").ToList();
        body.InsertRange(body.IndexOf((byte)'x'), new byte[] { 0xC3, 0x28, 0xFF });

        using var response = await PutAsync("hostile-utf8", [.. body]);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task A_parameter_value_with_a_lone_surrogate_is_kept_as_the_replacement_character_or_refused_never_a_server_error()
    {
        using var response = await PutAsync("hostile-surrogate", Encoding.UTF8.GetBytes("""{"exec": {"kind": "nodejs:20", "code": "x"}, "parameters": [{"key": "p", "value": "a\udc00b"}]}"""));

        Assert.That((int)response.StatusCode, Is.EqualTo(200).Or.EqualTo(400), await response.Content.ReadAsStringAsync());
    }

    [TestCase(129, TestName = "A_transaction_id_over_128_characters_is_not_echoed")]
    [TestCase(-1, TestName = "A_transaction_id_that_names_a_system_transaction_is_not_echoed")]
    public async Task Transaction_ids_that_could_not_be_echoed_safely_are_replaced(int length)
    {
        var sent = length < 0 ? "sid_invoker_health" : new string('t', length);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces/_/actions");
        request.Headers.TryAddWithoutValidation("X-Request-ID", sent);

        using var response = await Guest.SendAsync(request);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Headers.GetValues("X-Request-ID").Single(), Is.Not.EqualTo(sent).And.Not.Empty);
        });
    }

    private async Task<HttpResponseMessage> PutAsync(string name, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await Guest.PutAsync($"/api/v1/namespaces/_/actions/{name}?overwrite=true", content);
    }
}
