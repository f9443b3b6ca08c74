using System.Text.Json;
using OpenWhisk.Common.Runtimes;
using OpenWhisk.Controller.Api;
using OpenWhisk.Controller.Entities;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Controller.Tests.Unit;

[TestFixture]
public sealed class ActionDefinitionTests
{
    private static readonly RuntimesManifest Manifest = RuntimesManifest.Parse("""
        {"runtimes": {"nodejs": [{"kind": "nodejs:20", "default": true, "image": {"name": "n"}},
                                 {"kind": "nodejs:16", "deprecated": true, "image": {"name": "old"}}]}}
        """);

    [Test]
    public void A_new_action_gets_version_0_0_1_default_limits_and_the_exec_and_api_key_annotations()
    {
        var action = Build("""{"exec": {"kind": "nodejs:default", "code": "function main() {}"}}""");

        Assert.Multiple(() =>
        {
            Assert.That(action.Version, Is.EqualTo(SemVer.Initial));
            Assert.That(action.Exec.Kind, Is.EqualTo("nodejs:20"));
            Assert.That(action.Exec.IsBinary, Is.False);
            Assert.That(action.Limits, Is.EqualTo(new ActionLimits { TimeoutMs = 60_000, MemoryMb = 256, LogsMb = 10, Concurrency = 1 }));
            Assert.That(action.Annotations.Find("exec")!.Value.GetString(), Is.EqualTo("nodejs:20"));
            Assert.That(action.Annotations.Find("provide-api-key")!.Value.GetBoolean(), Is.False);
        });
    }

    [Test]
    public void An_update_bumps_the_patch_and_keeps_what_it_does_not_name()
    {
        var first = Build("""{"exec": {"kind": "nodejs:20", "code": "a"}, "parameters": [{"key": "p", "value": 1}], "limits": {"memory": 128}}""");

        var second = Build("""{"limits": {"timeout": 1000}, "delAnnotations": ["provide-api-key"]}""", first);

        Assert.Multiple(() =>
        {
            Assert.That(second.Version.ToString(), Is.EqualTo("0.0.2"));
            Assert.That(second.Exec.Code, Is.EqualTo("a"));
            Assert.That(second.Parameters.Single().Key, Is.EqualTo("p"));
            Assert.That(second.Limits.MemoryMb, Is.EqualTo(128), "limits not named keep their values");
            Assert.That(second.Limits.TimeoutMs, Is.EqualTo(1000));
            Assert.That(second.Annotations.Find("provide-api-key"), Is.Null);
        });
    }

    [TestCase("UEsDBAoAAAAAAA==", true)]
    [TestCase("function main() { return {}; }", false)]
    [TestCase("abcd", true)]
    public void Detects_base64_code_as_binary_as_openwhisk_does(string code, bool binary) =>
        Assert.That(BinaryCode.IsBinary(code), Is.EqualTo(binary));

    [TestCase("""{"limits": {"memory": 64}}""", "memory 64 MB below allowed threshold of 128 MB")]
    [TestCase("""{"limits": {"timeout": 600000}}""", "duration 600000 milliseconds exceeds allowed threshold of 300000 milliseconds")]
    [TestCase("""{"limits": {"logs": 11}}""", "log size 11 MB exceeds allowed threshold of 10 MB")]
    [TestCase("""{"limits": {"concurrency": 0}}""", "concurrency 0 below allowed threshold of 1")]
    public void Rejects_limits_outside_the_system_range(string limits, string message)
    {
        var body = JsonDocument.Parse(limits).RootElement;
        var withExec = JsonDocument.Parse("{\"exec\": {\"kind\": \"nodejs:20\", \"code\": \"x\"}, " + body.GetRawText()[1..]).RootElement;

        var error = Assert.Throws<ApiException>(() => ActionDefinition.Build("guest", "a", withExec, null, Manifest, new LimitsOptions(), 1));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Status, Is.EqualTo(400));
            Assert.That(error.Message, Is.EqualTo(message));
        });
    }

    [TestCase("""{}""", "exec undefined")]
    [TestCase("""{"exec": {"kind": "nodejs:16", "code": "x"}}""", "Runtime 'nodejs:16' is deprecated and can no longer be used for new actions.")]
    [TestCase("""{"exec": {"kind": "blackbox"}}""", "exec malformed: a blackbox action needs an image.")]
    public void Rejects_an_invalid_exec(string body, string message)
    {
        var error = Assert.Throws<ApiException>(() => Build(body));

        Assert.That(error!.Message, Is.EqualTo(message));
    }

    [TestCase("hello", true)]
    [TestCase("hello world", true)]
    [TestCase("a@b.c&d-e", true)]
    [TestCase("trailing ", false)]
    [TestCase("-leading", false)]
    [TestCase("slash/inside", false)]
    [TestCase("caf\u00e9", false)]
    [TestCase("\u0430ction", false)]
    [TestCase("digits\u0663", false)]
    [TestCase("Under_score9", true)]
    public void Validates_entity_names(string name, bool valid)
    {
        if (valid)
        {
            Assert.That(() => EntityNames.Validate(name), Throws.Nothing);
        }
        else
        {
            Assert.That(() => EntityNames.Validate(name), Throws.InstanceOf<ApiException>().With.Message.EqualTo("The name of the entity contains illegal characters."));
        }
    }

    private static WhiskAction Build(string body, WhiskAction? existing = null) =>
        ActionDefinition.Build("guest", "a", JsonDocument.Parse(body).RootElement, existing, Manifest, new LimitsOptions(), 1);
}
