using System.Text.Json;
using OpenWhisk.Common.Runtimes;
using OpenWhisk.Controller.Api;
using OpenWhisk.Controller.Entities;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Controller.Tests.Entities;

[TestFixture]
public sealed class SequenceAndPackageDefinitionTests
{
    private static readonly RuntimesManifest Manifest = RuntimesManifest.Parse("""{"runtimes": {"nodejs": [{"kind": "nodejs:20", "default": true, "image": {"name": "n"}}]}}""");

    [Test]
    public void A_sequence_keeps_its_components_fully_qualified_and_as_the_actions_parameter()
    {
        var sequence = Action("""{"exec": {"kind": "Sequence", "components": ["/_/a", "guest/pkg/b"]}, "parameters": [{"key": "ignored", "value": 1}]}""");

        Assert.Multiple(() =>
        {
            Assert.That(sequence.Exec.Kind, Is.EqualTo("sequence"));
            Assert.That(sequence.Exec.Components, Is.EqualTo(new[] { "/guest/a", "/guest/pkg/b" }));
            Assert.That(sequence.Parameters.Select(p => p.Key), Is.EqualTo(new[] { "_actions" }));
            Assert.That(sequence.Annotations.Find("exec")!.Value.GetString(), Is.EqualTo("sequence"));
        });
    }

    [Test]
    public void A_sequence_turned_into_a_plain_action_drops_the_actions_parameter_and_an_update_without_exec_keeps_it()
    {
        var sequence = Action("""{"exec": {"kind": "sequence", "components": ["/_/a"]}}""");

        var plain = Action("""{"exec": {"kind": "nodejs:20", "code": "x"}}""", sequence);
        var annotated = Action("""{"annotations": [{"key": "k", "value": 1}], "parameters": [{"key": "p", "value": 2}]}""", sequence);

        Assert.Multiple(() =>
        {
            Assert.That(plain.Parameters, Is.Empty);
            Assert.That(annotated.Parameters.Select(p => p.Key), Is.EqualTo(new[] { "_actions" }));
            Assert.That(annotated.Annotations.Find("k")!.Value.GetInt32(), Is.EqualTo(1), "annotations merge on update");
            Assert.That(annotated.Annotations.Find("provide-api-key"), Is.Not.Null, "existing annotations stay");
        });
    }

    [TestCase("""{"exec": {"kind": "sequence", "components": ["a"]}}""")]
    [TestCase("""{"exec": {"kind": "sequence", "components": [1]}}""")]
    [TestCase("""{"exec": {"kind": "sequence", "components": "/_/a"}}""")]
    [TestCase("""{"exec": {"kind": "sequence"}}""")]
    public void Refuses_malformed_components(string body) =>
        Assert.That(() => Action(body), Throws.InstanceOf<ApiException>().With.Message.StartsWith("The request content was malformed"));

    [Test]
    public void A_binding_gets_the_binding_annotation_whatever_the_request_said_and_keeps_its_binding_on_update()
    {
        var body = JsonDocument.Parse("""{"binding": {"namespace": "_", "name": "lib"}, "annotations": [{"key": "binding", "value": "forged"}, {"key": "k", "value": 1}]}""").RootElement;
        var binding = PackageDefinition.RequestedBinding(body, "guest");
        var created = PackageDefinition.Build("guest", "b", body, binding, null, new LimitsOptions(), 1);
        var updated = PackageDefinition.Build("guest", "b", JsonDocument.Parse("""{"publish": true}""").RootElement, null, created, new LimitsOptions(), 2);

        Assert.Multiple(() =>
        {
            Assert.That(created.Binding, Is.EqualTo(new PackageBinding("guest", "lib")));
            Assert.That(created.Annotations.Find("binding")!.Value.GetProperty("name").GetString(), Is.EqualTo("lib"));
            Assert.That(created.Annotations.Find("k")!.Value.GetInt32(), Is.EqualTo(1));
            Assert.That(updated.Binding, Is.EqualTo(created.Binding));
            Assert.That(updated.Publish, Is.True);
            Assert.That(updated.Version.ToString(), Is.EqualTo("0.0.2"));
        });
    }

    [Test]
    public void A_package_serializes_its_binding_as_an_empty_object_and_reads_it_back()
    {
        var json = JsonSerializer.Serialize(new WhiskPackage { Namespace = "guest", Name = "p" }, OpenWhisk.Spi.OpenWhiskJson.Options);
        var read = JsonSerializer.Deserialize<WhiskPackage>(json, OpenWhisk.Spi.OpenWhiskJson.Options)!;

        Assert.Multiple(() =>
        {
            Assert.That(json, Does.Contain("\"binding\":{}"));
            Assert.That(read.Binding, Is.Null);
        });
    }

    private static WhiskAction Action(string body, WhiskAction? existing = null) =>
        ActionDefinition.Build("guest", "s", JsonDocument.Parse(body).RootElement, existing, Manifest, new LimitsOptions(), 1);
}
