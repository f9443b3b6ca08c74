using System.Text.Json;
using System.Text.Json.Nodes;
using OpenWhisk.Controller.Routes;

namespace OpenWhisk.Controller.Tests.Routes;

[TestFixture]
public sealed class ApiDocumentsTests
{
    [TestCase("get", "/books/{isbn}", "getBooksIsbn")]
    [TestCase("POST", "/club-members/new_one", "postClub-membersNew_one")]
    [TestCase("delete", "/", "delete")]
    public void Names_operations_as_openwhisk_does(string verb, string path, string id) => Assert.That(ApiDocuments.OperationId(verb, path), Is.EqualTo(id));

    [Test]
    public void Adds_an_endpoint_with_its_action_and_gateway_case_and_removes_it_again()
    {
        var swagger = ApiDocuments.Base("/club", "Book Club");
        var parameters = new JsonArray(new JsonObject { ["name"] = "isbn", ["in"] = "path", ["required"] = true, ["type"] = "string" });
        ApiDocuments.AddEndpoint(swagger, Endpoint("/books/{isbn}", "GET", "library/lookup", "s3cret", parameters), "http");
        ApiDocuments.AddEndpoint(swagger, Endpoint("/books", "POST", "add"), "json");

        var lookup = swagger["paths"]!["/books/{isbn}"]!["get"]!;
        var target = ApiDocuments.Target(swagger, "getBooksIsbn");
        var problem = ApiDocumentValidation.Problem(swagger);
        var missing = ApiDocuments.RemoveEndpoint(swagger, "/books", "put");
        var removed = ApiDocuments.RemoveEndpoint(swagger, "/books", null);

        Assert.Multiple(() =>
        {
            Assert.That(swagger["info"]!["title"]!.ToString(), Is.EqualTo("Book Club"));
            Assert.That(lookup["x-openwhisk"]!["url"]!.ToString(), Is.EqualTo("http://127.0.0.1:3233/api/v1/web/guest/library/lookup.http"));
            Assert.That(lookup["x-openwhisk"]!["package"]!.ToString(), Is.EqualTo("library"));
            Assert.That(target, Is.EqualTo(("http://127.0.0.1:3233/api/v1/web/guest/library/lookup.http$(request.path)", (string?)"s3cret")));
            Assert.That(ApiDocuments.Target(swagger, "postBooks"), Is.Null, "removed with its path");
            Assert.That(problem, Is.Null);
            Assert.That(missing, Is.EqualTo("path '/books' with operation 'put' does not exist in the API"));
            Assert.That(removed, Is.Null);
            Assert.That(swagger["paths"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "/books/{isbn}" }));
        });
    }

    [Test]
    public void Refuses_path_parameters_without_the_http_type_and_in_the_base_path()
    {
        var json = ApiDocuments.Base("/club", null);
        ApiDocuments.AddEndpoint(json, Endpoint("/books/{isbn}", "GET", "lookup", null, new JsonArray(new JsonObject { ["name"] = "isbn" })), "json");
        var undeclared = ApiDocuments.Base("/club", null);
        ApiDocuments.AddEndpoint(undeclared, Endpoint("/books/{isbn}", "GET", "lookup"), "http");
        var baseParameter = ApiDocuments.Base("/club/{id}", null);

        Assert.Multiple(() =>
        {
            Assert.That(ApiDocumentValidation.Problem(json), Is.EqualTo("The action must use a response type of '.http' in order to receive the path parameters."));
            Assert.That(ApiDocumentValidation.Problem(undeclared), Is.EqualTo("The parameter 'isbn' defined in path '/books/{isbn}' does not match any of the parameters defined for the path in the swagger file."));
            Assert.That(ApiDocumentValidation.Problem(baseParameter), Is.EqualTo("The base path (/club/{id}) cannot have parameters. Only the relative path supports path parameters."));
        });
    }

    [Test]
    public void Routes_a_request_to_the_most_literal_path_of_the_longest_base_path()
    {
        var club = ApiDocuments.Base("/club", null);
        ApiDocuments.AddEndpoint(club, Endpoint("/books/{isbn}", "GET", "lookup", null, new JsonArray(new JsonObject { ["name"] = "isbn" })), "http");
        ApiDocuments.AddEndpoint(club, Endpoint("/books/new", "GET", "newest"), "json");
        var root = ApiDocuments.Base("/", null);
        ApiDocuments.AddEndpoint(root, Endpoint("/club/books/new", "GET", "shadowed"), "json");
        var routes = ApiRouteTable.Build([Api("/", root), Api("/club", club), Api("/broken", JsonNode.Parse("""{"paths": {"/x": {"get": "not an operation", "post": {"operationId": 5}}}}""")!.AsObject())]);

        Assert.Multiple(() =>
        {
            Assert.That(routes.Match("GET", "/club/books/978")!.TargetUrl, Does.EndWith("/guest/default/lookup.http$(request.path)"));
            Assert.That(routes.Match("GET", "/club/books/new")!.TargetUrl, Does.EndWith("/guest/default/newest.json"));
            Assert.That(routes.Match("PUT", "/club/books/new"), Is.EqualTo(new ApiRouteMatch(null, null, true)));
            Assert.That(routes.Match("GET", "/club/members"), Is.Null);
            Assert.That(routes.Match("GET", "/broken/x"), Is.EqualTo(new ApiRouteMatch(null, null, true)), "parts that are not operations are left out");
        });
    }

    [TestCase("""{}""", "apidoc is required.")]
    [TestCase("""{"apidoc": "{bad"}""", "apidoc field cannot be parsed. Ensure it is valid JSON.")]
    [TestCase("""{"apidoc": 5}""", "apidoc field is of type number and should be a JSON object or a JSON string.")]
    [TestCase("""{"apidoc": {}}""", "apidoc is missing the namespace field")]
    [TestCase("""{"apidoc": {"namespace": "_", "swagger": {}, "gatewayBasePath": "/x"}}""", "swagger and gatewayBasePath are mutually exclusive and cannot be specified together.")]
    [TestCase("""{"apidoc": {"namespace": "_", "swagger": "{\"paths\": {}}"}}""", "swagger is missing the basePath field.")]
    [TestCase("""{"apidoc": {"namespace": "_", "gatewayBasePath": "/x", "gatewayPath": "/y"}}""", "apidoc is missing the gatewayMethod field")]
    [TestCase("""{"apidoc": {"namespace": "_", "gatewayBasePath": "/x", "gatewayPath": "/y", "gatewayMethod": "GET"}}""", "apidoc is missing the action field.")]
    [TestCase("""{"apidoc": {"namespace": "_", "gatewayBasePath": "/x", "gatewayPath": "/y", "gatewayMethod": "GET", "action": {"name": "a"}}}""", "action is missing the backendMethod field.")]
    public void Refuses_apidocs_with_openwhisk_s_messages(string parameters, string message) =>
        Assert.That(() => ApiDocRequest.Read(JsonNode.Parse(parameters)!.AsObject(), "guest"), Throws.InstanceOf<ApiManagementException>().With.Message.EqualTo(message));

    [Test]
    public void Puts_the_caller_s_namespace_in_place_of_the_default_one()
    {
        var parameters = JsonNode.Parse("""
            {"apidoc": {"namespace": "_", "gatewayBasePath": "/x", "gatewayPath": "/y", "gatewayMethod": "GET",
             "action": {"name": "a", "namespace": "_", "backendMethod": "GET", "backendUrl": "http://h:1/api/v1/web/_/default/a.http", "authkey": "k"}}}
            """)!.AsObject();

        var (apidoc, _, endpoint) = ApiDocRequest.Read(parameters, "guest");

        Assert.Multiple(() =>
        {
            Assert.That(apidoc["namespace"]!.ToString(), Is.EqualTo("guest"));
            Assert.That(endpoint!.ActionNamespace, Is.EqualTo("guest"));
            Assert.That(endpoint.BackendUrl, Is.EqualTo("http://h:1/api/v1/web/guest/default/a.http"));
        });
    }

    private static ApiEndpoint Endpoint(string path, string verb, string action, string? secret = null, JsonArray? parameters = null) =>
        new("/club", path, verb, "guest", action, "http://127.0.0.1:3233/api/v1/web/guest/default/" + action + ".http", secret, parameters);

    private static GatewayApi Api(string basePath, JsonObject swagger) =>
        new() { Namespace = "guest", BasePath = basePath, Swagger = JsonSerializer.SerializeToElement(swagger) };
}
