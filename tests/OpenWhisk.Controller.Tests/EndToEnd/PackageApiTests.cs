using System.Text.Json;
using OpenWhisk.Controller.Tests.Support;
using static OpenWhisk.TestSupport.ApiClientExtensions;

namespace OpenWhisk.Controller.Tests.EndToEnd;

/// <summary>Packages, actions in packages, bindings and sharing across namespaces, on the real standalone with Docker.</summary>
[TestFixture]
[NonParallelizable]
public sealed class PackageApiTests : StandaloneFixture
{
    private const string Key = "abababab-bbbb-cccc-dddd-eeeeeeeeeeee:othersecret0123456789abcdef";
    private const string Echo = "function main(p) { return p; }";

    protected override string? OtherKey => Key;

    [Test]
    public async Task Creates_updates_gets_lists_and_deletes_a_package_with_openwhisk_codes()
    {
        var created = await Guest.PutPackageAsync("crud-pkg", new { parameters = Pairs(("a", 1)), annotations = Pairs(("description", "d")) });
        var duplicate = await Guest.PutPackageAsync("crud-pkg");
        var updated = await Guest.PutPackageAsync("crud-pkg", new { publish = true }, overwrite: true);
        await Guest.PutActionAsync("crud-pkg/one", "nodejs:20", Echo);
        await Guest.PutActionAsync("crud-pkg/feed-like", "nodejs:20", Echo, new { annotations = Pairs(("feed", true)) });
        var read = await Guest.GetJsonAsync("/api/v1/namespaces/_/packages/crud-pkg");
        var list = await Guest.GetJsonAsync("/api/v1/namespaces/_/packages?limit=200");
        var count = await Guest.GetJsonAsync("/api/v1/namespaces/guest/packages?count=true");
        var reserved = await Guest.PutPackageAsync("default");
        var notEmpty = await Guest.DeleteJsonAsync("/api/v1/namespaces/_/packages/crud-pkg");
        var forced = await Guest.DeleteJsonAsync("/api/v1/namespaces/_/packages/crud-pkg?force=true");
        var gone = await Guest.GetJsonAsync("/api/v1/namespaces/_/packages/crud-pkg");
        var actionGone = await Guest.GetJsonAsync("/api/v1/namespaces/_/actions/crud-pkg/one");

        Assert.Multiple(() =>
        {
            Assert.That(created.Status, Is.EqualTo(200));
            Assert.That(created.Body.GetProperty("binding").EnumerateObject().Count(), Is.Zero, "a package's binding is {}");
            Assert.That(created.Body.GetProperty("version").GetString(), Is.EqualTo("0.0.1"));
            Assert.That(duplicate.Status, Is.EqualTo(409));
            Assert.That(duplicate.Body.Error(), Is.EqualTo("resource already exists"));
            Assert.That(updated.Body.GetProperty("version").GetString(), Is.EqualTo("0.0.2"));
            Assert.That(updated.Body.GetProperty("publish").GetBoolean(), Is.True);
            Assert.That(updated.Body.Annotation("a", "parameters")!.Value.GetInt32(), Is.EqualTo(1), "an update without parameters keeps them");
            Assert.That(read.Body.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("name").GetString()), Is.EqualTo(new[] { "one" }));
            Assert.That(read.Body.GetProperty("feeds").EnumerateArray().Select(a => a.GetProperty("name").GetString()), Is.EqualTo(new[] { "feed-like" }));
            var summary = list.Body.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "crud-pkg");
            Assert.That(summary.GetProperty("binding").ValueKind, Is.EqualTo(JsonValueKind.False), "list summaries say binding: false for packages");
            Assert.That(count.Body.GetProperty("packages").GetInt32(), Is.GreaterThanOrEqualTo(1));
            Assert.That(reserved.Status, Is.EqualTo(400));
            Assert.That(reserved.Body.Error(), Is.EqualTo("Package name 'default' is reserved."));
            Assert.That(notEmpty.Status, Is.EqualTo(409));
            Assert.That(notEmpty.Body.Error(), Is.EqualTo("Package not empty (contains 2 entities). Set force param or delete package contents."));
            Assert.That(forced.Status, Is.EqualTo(200));
            Assert.That(gone.Status, Is.EqualTo(404));
            Assert.That(actionGone.Status, Is.EqualTo(404), "force deletes the package's actions first");
        });
    }

    [Test]
    public async Task Runs_actions_inside_a_package_with_the_package_parameters()
    {
        await Guest.PutPackageAsync("inner-pkg", new { parameters = Pairs(("from", "package"), ("shadowed", "package")) });
        var created = await Guest.PutActionAsync("inner-pkg/act", "nodejs:20", Echo, new { parameters = Pairs(("shadowed", "action")), limits = new { memory = 128 } });
        var missingPackage = await Guest.PutActionAsync("no-such-pkg/act", "nodejs:20", Echo);
        var read = await Guest.GetJsonAsync("/api/v1/namespaces/_/actions/inner-pkg/act");
        var listed = await Guest.GetJsonAsync("/api/v1/namespaces/_/actions/inner-pkg/");
        var invoked = await Guest.InvokePathAsync("_/actions/inner-pkg/act", new { extra = 1 });
        var inNamespaceList = await Guest.GetJsonAsync("/api/v1/namespaces/_/actions?limit=200");
        var deleted = await Guest.DeleteJsonAsync("/api/v1/namespaces/_/actions/inner-pkg/act");

        Assert.Multiple(() =>
        {
            Assert.That(created.Body.GetProperty("namespace").GetString(), Is.EqualTo("guest/inner-pkg"));
            Assert.That(missingPackage.Status, Is.EqualTo(404));
            Assert.That(read.Body.Annotation("from", "parameters")!.Value.GetString(), Is.EqualTo("package"), "GET merges the package's parameters");
            Assert.That(listed.Body.EnumerateArray().Select(a => a.GetProperty("name").GetString()), Is.EqualTo(new[] { "act" }));
            var result = invoked.Body.GetProperty("response").GetProperty("result");
            Assert.That(result.GetProperty("from").GetString(), Is.EqualTo("package"));
            Assert.That(result.GetProperty("shadowed").GetString(), Is.EqualTo("action"), "the action's parameters override the package's");
            Assert.That(result.GetProperty("extra").GetInt32(), Is.EqualTo(1));
            Assert.That(invoked.Body.Annotation("path")!.Value.GetString(), Is.EqualTo("guest/inner-pkg/act"));
            Assert.That(inNamespaceList.Body.EnumerateArray().Any(a => a.GetProperty("namespace").GetString() == "guest/inner-pkg"), Is.True, "the namespace's list includes packaged actions");
            Assert.That(deleted.Status, Is.EqualTo(200));
        });
    }

    [Test]
    public async Task A_binding_merges_parameters_package_then_binding_then_action_then_body_and_is_annotated()
    {
        await Other.PutPackageAsync("shared-lib", new { publish = true, parameters = Pairs(("p", "package"), ("b", "package"), ("a", "package"), ("x", "package")) });
        await Other.PutActionAsync("shared-lib/show", "nodejs:20", Echo, new { parameters = Pairs(("a", "action"), ("x", "action")), limits = new { memory = 128 } });
        var bound = await Guest.PutPackageAsync("my-lib", new { binding = new { @namespace = "other", name = "shared-lib" }, parameters = Pairs(("b", "binding"), ("a", "binding"), ("x", "binding")) });
        var read = await Guest.GetJsonAsync("/api/v1/namespaces/_/packages/my-lib");
        var listed = await Guest.GetJsonAsync("/api/v1/namespaces/_/actions/my-lib/");
        var invoked = await Guest.InvokePathAsync("_/actions/my-lib/show", new { x = "body" });
        var writeIntoBinding = await Guest.PutActionAsync("my-lib/new", "nodejs:20", Echo);
        var deleteFromBinding = await Guest.DeleteJsonAsync("/api/v1/namespaces/_/actions/my-lib/show");

        Assert.Multiple(() =>
        {
            Assert.That(bound.Status, Is.EqualTo(200));
            Assert.That(bound.Body.GetProperty("binding").GetProperty("namespace").GetString(), Is.EqualTo("other"));
            Assert.That(bound.Body.Annotation("binding")!.Value.GetProperty("name").GetString(), Is.EqualTo("shared-lib"));
            Assert.That(read.Body.Annotation("p", "parameters")!.Value.GetString(), Is.EqualTo("package"), "GET of a binding shows the package's parameters");
            Assert.That(read.Body.Annotation("b", "parameters")!.Value.GetString(), Is.EqualTo("binding"), "... under the binding's");
            Assert.That(read.Body.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("name").GetString()), Is.EqualTo(new[] { "show" }));
            Assert.That(listed.Body.EnumerateArray().Single().GetProperty("namespace").GetString(), Is.EqualTo("other/shared-lib"));
            var result = invoked.Body.GetProperty("response").GetProperty("result");
            Assert.That(result.GetProperty("p").GetString(), Is.EqualTo("package"));
            Assert.That(result.GetProperty("b").GetString(), Is.EqualTo("binding"));
            Assert.That(result.GetProperty("a").GetString(), Is.EqualTo("action"));
            Assert.That(result.GetProperty("x").GetString(), Is.EqualTo("body"));
            Assert.That(invoked.Body.GetProperty("namespace").GetString(), Is.EqualTo("guest"), "the record is the caller's");
            Assert.That(invoked.Body.Annotation("binding")!.Value.GetString(), Is.EqualTo("guest/my-lib"));
            Assert.That(invoked.Body.Annotation("path")!.Value.GetString(), Is.EqualTo("other/shared-lib/show"));
            Assert.That(writeIntoBinding.Status, Is.EqualTo(400));
            Assert.That(writeIntoBinding.Body.Error(), Is.EqualTo("Operation not permitted on package binding."));
            Assert.That(deleteFromBinding.Status, Is.EqualTo(400));
        });
    }

    [Test]
    public async Task Refuses_bad_bindings_with_openwhisk_messages()
    {
        await Guest.PutPackageAsync("plain-pkg");
        await Guest.PutPackageAsync("a-binding", new { binding = new { @namespace = "_", name = "plain-pkg" } });
        await Guest.PutActionAsync("an-action", "nodejs:20", Echo);
        await Other.PutPackageAsync("private-lib");

        var missing = await Guest.PutPackageAsync("b1", new { binding = new { @namespace = "_", name = "nothing-here" } });
        var toBinding = await Guest.PutPackageAsync("b2", new { binding = new { @namespace = "guest", name = "a-binding" } });
        var toAction = await Guest.PutPackageAsync("b3", new { binding = new { @namespace = "guest", name = "an-action" } });
        var toPrivate = await Guest.PutPackageAsync("b4", new { binding = new { @namespace = "other", name = "private-lib" } });
        var packageToBinding = await Guest.PutPackageAsync("plain-pkg", new { binding = new { @namespace = "_", name = "a-binding" } }, overwrite: true);
        var deleteBinding = await Guest.DeleteJsonAsync("/api/v1/namespaces/_/packages/a-binding");

        Assert.Multiple(() =>
        {
            Assert.That(missing.Status, Is.EqualTo(400));
            Assert.That(missing.Body.Error(), Is.EqualTo("Binding references a package that does not exist."));
            Assert.That(toBinding.Status, Is.EqualTo(400));
            Assert.That(toBinding.Body.Error(), Is.EqualTo("Cannot bind to another package binding."));
            Assert.That(toAction.Status, Is.EqualTo(409));
            Assert.That(toAction.Body.Error(), Is.EqualTo("Cannot bind to a resource that is not a package."));
            Assert.That(toPrivate.Status, Is.EqualTo(403));
            Assert.That(toPrivate.Body.Error(), Is.EqualTo("The supplied authentication is not authorized to access 'other/private-lib'."));
            Assert.That(packageToBinding.Status, Is.EqualTo(409));
            Assert.That(packageToBinding.Body.Error(), Is.EqualTo("Resource is a package and cannot be converted into a binding."));
            Assert.That(deleteBinding.Status, Is.EqualTo(200));
        });
    }

    [Test]
    public async Task Another_namespace_may_read_and_invoke_only_what_is_published()
    {
        await Guest.PutPackageAsync("public-pkg", new { publish = true });
        await Guest.PutPackageAsync("private-pkg");
        await Guest.PutActionAsync("public-pkg/hi", "nodejs:20", "function main() { return { hi: process.env.__OW_NAMESPACE }; }", new { limits = new { memory = 128 } });
        await Guest.PutActionAsync("private-pkg/hidden", "nodejs:20", Echo);
        await Guest.PutActionAsync("top-level", "nodejs:20", Echo);

        var readPublic = await Other.GetJsonAsync("/api/v1/namespaces/guest/packages/public-pkg");
        var readPrivate = await Other.GetJsonAsync("/api/v1/namespaces/guest/packages/private-pkg");
        var readMissing = await Other.GetJsonAsync("/api/v1/namespaces/guest/packages/never-was");
        var listPackages = await Other.GetJsonAsync("/api/v1/namespaces/guest/packages?limit=200");
        var listActions = await Other.GetJsonAsync("/api/v1/namespaces/guest/actions");
        var listPublicActions = await Other.GetJsonAsync("/api/v1/namespaces/guest/actions/public-pkg/");
        var getPublicAction = await Other.GetJsonAsync("/api/v1/namespaces/guest/actions/public-pkg/hi");
        var invokePublic = await Other.InvokePathAsync("guest/actions/public-pkg/hi", result: true);
        var invokePrivate = await Other.InvokePathAsync("guest/actions/private-pkg/hidden");
        var invokeTopLevel = await Other.InvokePathAsync("guest/actions/top-level");
        var writeIntoPublic = await Other.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/guest/actions/public-pkg/mine", new { exec = new { kind = "nodejs:20", code = Echo } });
        var deletePublicAction = await Other.DeleteJsonAsync("/api/v1/namespaces/guest/actions/public-pkg/hi");
        var updatePublic = await Other.PutPackageAsync("public-pkg", new { publish = false }, overwrite: true, ns: "guest");
        var deletePublic = await Other.DeleteJsonAsync("/api/v1/namespaces/guest/packages/public-pkg");
        var activations = await Other.GetJsonAsync("/api/v1/namespaces/guest/activations");

        Assert.Multiple(() =>
        {
            Assert.That(readPublic.Status, Is.EqualTo(200));
            Assert.That(readPrivate.Status, Is.EqualTo(403));
            Assert.That(readMissing.Status, Is.EqualTo(403), "nothing leaks about what another namespace has");
            var names = listPackages.Body.EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
            Assert.That(names, Does.Contain("public-pkg"));
            Assert.That(names, Does.Not.Contain("private-pkg"));
            Assert.That(listActions.Status, Is.EqualTo(403));
            Assert.That(listPublicActions.Status, Is.EqualTo(200));
            Assert.That(getPublicAction.Status, Is.EqualTo(200));
            Assert.That(invokePublic.Status, Is.EqualTo(200));
            Assert.That(invokePublic.Body.GetProperty("hi").GetString(), Is.EqualTo("other"), "a shared action runs in the caller's namespace");
            Assert.That(invokePrivate.Status, Is.EqualTo(403));
            Assert.That(invokePrivate.Body.Error(), Is.EqualTo("The supplied authentication is not authorized to access 'guest/private-pkg'."));
            Assert.That(invokeTopLevel.Status, Is.EqualTo(403));
            Assert.That(writeIntoPublic.Status, Is.EqualTo(403));
            Assert.That(deletePublicAction.Status, Is.EqualTo(403));
            Assert.That(updatePublic.Status, Is.EqualTo(403));
            Assert.That(deletePublic.Status, Is.EqualTo(403));
            Assert.That(activations.Status, Is.EqualTo(403));
        });
    }

    [Test]
    public async Task A_name_taken_by_another_kind_of_entity_is_a_conformance_conflict()
    {
        await Guest.PutActionAsync("taken-name", "nodejs:20", Echo);
        await Guest.PutPackageAsync("taken-pkg");

        var packageOverAction = await Guest.PutPackageAsync("taken-name");
        var getActionAsPackage = await Guest.GetJsonAsync("/api/v1/namespaces/_/packages/taken-name");
        var getPackageAsAction = await Guest.GetJsonAsync("/api/v1/namespaces/_/actions/taken-pkg");

        Assert.Multiple(() =>
        {
            Assert.That(packageOverAction.Status, Is.EqualTo(409));
            Assert.That(getActionAsPackage.Status, Is.EqualTo(409));
            Assert.That(getActionAsPackage.Body.Error(), Is.EqualTo("Resource by this name exists but is not in this collection."));
            Assert.That(getPackageAsAction.Status, Is.EqualTo(409));
        });
    }

    [Test]
    public async Task Accepts_what_real_clients_send()
    {
        // The Serverless Framework's plugin: zipped code as base64 with a main and no binary flag; list URLs ending in a
        // bare '?'; actions deleted before their package.
        var zip = Convert.ToBase64String(Zips.Of(("handler.js", "exports.entry = p => ({ zipped: true, n: p.n + 1 });"), ("package.json", "{\"main\": \"handler.js\"}")));
        await Guest.PutPackageAsync("sls-pkg");
        var created = await Guest.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/actions/sls-pkg/fn?overwrite=true", new { exec = new { kind = "nodejs:default", code = zip, main = "entry" }, annotations = Pairs(("provide-api-key", true)) });
        var invoked = await Guest.InvokePathAsync("_/actions/sls-pkg/fn", new { n = 1 }, result: true);
        var listBareQuestionMark = await Guest.GetJsonAsync("/api/v1/namespaces/_/actions?");
        var deleteAction = await Guest.DeleteJsonAsync("/api/v1/namespaces/_/actions/sls-pkg/fn");
        var deletePackage = await Guest.DeleteJsonAsync("/api/v1/namespaces/_/packages/sls-pkg");

        Assert.Multiple(() =>
        {
            Assert.That(created.Status, Is.EqualTo(200));
            Assert.That(created.Body.GetProperty("exec").GetProperty("binary").GetBoolean(), Is.True);
            Assert.That(invoked.Body.GetProperty("n").GetInt32(), Is.EqualTo(2));
            Assert.That(listBareQuestionMark.Status, Is.EqualTo(200));
            Assert.That(deleteAction.Status, Is.EqualTo(200));
            Assert.That(deletePackage.Status, Is.EqualTo(200));
        });
    }

    [Test]
    public async Task Reports_the_namespace_limits_in_openwhisk_shape()
    {
        var limits = await Guest.GetJsonAsync("/api/v1/namespaces/_/limits");

        Assert.Multiple(() =>
        {
            Assert.That(limits.Body.GetProperty("invocationsPerMinute").GetInt32(), Is.EqualTo(100000));
            Assert.That(limits.Body.GetProperty("concurrentInvocations").GetInt32(), Is.EqualTo(200));
            Assert.That(limits.Body.GetProperty("firesPerMinute").GetInt32(), Is.EqualTo(60));
            Assert.That(limits.Body.GetProperty("maxActionMemory").GetInt32(), Is.EqualTo(512));
            Assert.That(limits.Body.GetProperty("minActionTimeout").GetInt32(), Is.EqualTo(100));
            Assert.That(limits.Body.GetProperty("maxParameterSize").GetString(), Is.EqualTo("1 MB"));
            Assert.That(limits.Body.GetProperty("maxActionInstances").GetInt32(), Is.EqualTo(200));
        });
    }
}
