using System.Net.Http.Headers;
using System.Text;

namespace OpenWhisk.Controller.Tests.Hostile;

/// <summary>
/// Random hostile requests from a seed: every method, paths of every route with odd names (long, Unicode,
/// percent-encoded bytes, dots), odd query values, wrong or missing keys, and bodies of wrong types, invalid JSON,
/// invalid UTF-8, deep nesting, huge strings, NUL characters and lone surrogates.
/// </summary>
internal sealed class HostileRequestGenerator(int seed, string guestKey)
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];
    private static readonly string[] Collections = ["actions", "packages", "triggers", "rules", "activations", "apis", "limits", ""];
    private static readonly string[] Namespaces = ["_", "guest", "whisk.system", "other", "%00", "..", "a%2Fb", "ünï", new string('n', 300)];
    private static readonly string[] Extensions = ["", ".json", ".http", ".html", ".svg", ".text", ".xml", "."];
    private static readonly string[] QueryKeys = ["blocking", "result", "timeout", "limit", "skip", "since", "upto", "overwrite", "docs", "count", "name", "fields"];
    private static readonly string[] ContentTypes = ["application/json", "application/x-www-form-urlencoded", "text/plain", "application/octet-stream", "multipart/form-data; boundary=x", "application/json; charset=latin1"];
    private readonly Random random = new(seed);
    private readonly string[] names = ["fz1", "fz2", "fz3", "pkg/fz4", "fz1/", "%2e%2e", "a b", "x\u00e9", "%ff%fe", "%c0%af", new string('z', 257), "", "default/fz1", "fz1.json"];

    public HttpRequestMessage Next()
    {
        var method = new HttpMethod(Pick(Methods));
        var request = new HttpRequestMessage(method, Path() + Query());
        switch (random.Next(5))
        {
            case 0:
                break;
            case 1:
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("nobody:wrong")));
                break;
            case 2:
                request.Headers.TryAddWithoutValidation("Authorization", Pick(["Basic !!!", "Bearer x", "Basic " + Convert.ToBase64String([0xff, 0x00, 0x3a]), "Basic", "Basic " + new string('A', 5000)]));
                break;
            default:
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(guestKey)));
                break;
        }

        if (random.Next(4) == 0)
        {
            request.Headers.TryAddWithoutValidation("X-Request-ID", Pick(["sys-tid", "\u007f", new string('r', 200), "a\tb", "ok-id"]));
        }

        if (method != HttpMethod.Get && method != HttpMethod.Head && random.Next(6) != 0)
        {
            var body = new ByteArrayContent(Body());
            body.Headers.TryAddWithoutValidation("Content-Type", Pick(ContentTypes));
            request.Content = body;
        }

        return request;
    }

    private string Path()
    {
        var ns = Pick(Namespaces);
        return random.Next(10) switch
        {
            0 => "/api/v1/web/" + ns + "/" + Pick(["default", "pkg", "%00"]) + "/" + Pick(names) + Pick(Extensions) + Pick(["", "/rest/of/path", "/%2e%2e/x"]),
            1 => Pick(["/api/v1", "/api/v1/namespaces", "/ping", "/invokers", "/activation/count", "/api/v1/namespaces/_/activations/" + Hex(32) + "/logs", "/api/v1/namespaces/_/activations/" + Hex(32) + "/result", "/api/v1/api-docs", "/"]),
            2 => "/api/v1/namespaces/" + ns + "/" + Pick(Collections) + "/" + Pick(names) + "/" + Pick(names),
            _ => "/api/v1/namespaces/" + ns + "/" + Pick(Collections) + (random.Next(4) == 0 ? string.Empty : "/" + Pick(names)),
        };
    }

    private string Query()
    {
        var parts = new List<string>();
        for (var i = random.Next(4); i > 0; i--)
        {
            parts.Add(Pick(QueryKeys) + "=" + Pick(["true", "false", "-1", "0", "99999999999999999999", "abc", "", "%00", "1.5", "%ff", "3000"]));
        }

        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }

    private byte[] Body() => random.Next(12) switch
    {
        0 => Encoding.UTF8.GetBytes("{\"exec\":{\"kind\":\"nodejs:20\",\"code\":\"function main(p){return p}\"}}"),
        1 => [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d],
        2 => Encoding.UTF8.GetBytes(new string('[', 2000) + new string(']', 2000)),
        3 => Encoding.UTF8.GetBytes("{\"a\":\"" + new string('x', 200_000) + "\"}"),
        4 => Encoding.UTF8.GetBytes("{\"s\":\"\\ud800\",\"n\":\"\\u0000\",\"exec\":{\"kind\":\"\\ud800\",\"code\":\"\\u0000\"},\"version\":\"\\udc00\"}"),
        5 => Encoding.UTF8.GetBytes(Pick(["", "null", "[]", "42", "\"s\"", "{", "{\"a\":}", "true"])),
        6 => Encoding.UTF8.GetBytes("{\"exec\":" + Pick(["\"x\"", "1", "[]", "{\"kind\":1}", "{\"kind\":\"sequence\",\"components\":[1,\"\",\"/a/b/c/d\"]}", "{\"kind\":\"blackbox\",\"image\":\"\\u0000\"}"]) + "}"),
        7 => Encoding.UTF8.GetBytes("{\"parameters\":" + Pick(["{}", "[1]", "[{\"key\":1}]", "[{\"value\":2}]", "\"p\"", "[{\"key\":\"k\",\"value\":{\"deep\":" + new string('[', 100) + new string(']', 100) + "}}]"]) + "}"),
        8 => Encoding.UTF8.GetBytes("{\"annotations\":" + Pick(["[1]", "{}", "[{\"key\":null}]"]) + ",\"delAnnotations\":" + Pick(["[1]", "\"x\"", "[null]", "[\"a\"]"]) + "}"),
        9 => Encoding.UTF8.GetBytes("{\"limits\":" + Pick(["{\"timeout\":-1}", "{\"memory\":\"big\"}", "{\"concurrency\":1e99}", "{\"logs\":1.5}", "[]"]) + "}"),
        10 => Encoding.UTF8.GetBytes("{\"trigger\":" + Pick(["1", "\"\"", "\"/_/t\"", "\"a/b/c/d/e\""]) + ",\"action\":" + Pick(["[]", "\"x\"", "\"/whisk.system/utils/echo\""]) + ",\"binding\":" + Pick(["1", "{}", "{\"namespace\":\"\",\"name\":\"\"}", "{\"namespace\":\"whisk.system\",\"name\":\"utils\"}"]) + "}"),
        _ => Encoding.UTF8.GetBytes("a=1&b=%ff&__ow_method=x&" + new string('c', 100)),
    };

    private string Hex(int length) => string.Concat(Enumerable.Range(0, length).Select(_ => "0123456789abcdef"[random.Next(16)]));

    private T Pick<T>(IReadOnlyList<T> options) => options[random.Next(options.Count)];
}
