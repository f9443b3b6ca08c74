using System.Text.Json;
using OpenWhisk.Controller.Entities;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Controller.Api;

/// <summary>The list forms of entities, as OpenWhisk's views produce them.</summary>
public static class EntitySummaries
{
    public static void WriteAction(Utf8JsonWriter writer, WhiskAction action)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(action);
        writer.WriteStartObject();
        WriteCommon(writer, action.Namespace, action.Name, action.Version, action.Publish, action.Annotations);
        writer.WritePropertyName("limits");
        JsonSerializer.Serialize(writer, action.Limits, OpenWhiskJson.Options);
        writer.WriteStartObject("exec");
        writer.WriteBoolean("binary", action.Exec.IsBinary);
        writer.WriteEndObject();
        writer.WriteNumber("updated", action.Updated);
        writer.WriteEndObject();
    }

    public static void WritePackage(Utf8JsonWriter writer, WhiskPackage package)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(package);
        writer.WriteStartObject();
        WriteCommon(writer, package.Namespace, package.Name, package.Version, package.Publish, package.Annotations);
        if (package.Binding is { } binding)
        {
            writer.WriteStartObject("binding");
            writer.WriteString("namespace", binding.Namespace);
            writer.WriteString("name", binding.Name);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteBoolean("binding", false);
        }

        writer.WriteNumber("updated", package.Updated);
        writer.WriteEndObject();
    }

    /// <summary>Answers a listing: with <c>count=true</c> <c>{"&lt;name&gt;": n}</c>, else the page as a JSON array of summaries.</summary>
    public static async Task WriteListingAsync<T>(HttpContext context, EntityCollection<T> collection, EntityQuery query, string name, Action<Utf8JsonWriter, T> write)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(collection);
        if (RequestParameters.Flag(context, "count"))
        {
            var count = await collection.CountAsync(query, context.RequestAborted);
            await JsonResponses.WriteAsync(context, 200, writer =>
            {
                writer.WriteStartObject();
                writer.WriteNumber(name, count);
                writer.WriteEndObject();
            });
            return;
        }

        var items = await collection.ListAsync(query, context.RequestAborted);
        await JsonResponses.WriteAsync(context, 200, writer =>
        {
            writer.WriteStartArray();
            foreach (var item in items)
            {
                write(writer, item);
            }

            writer.WriteEndArray();
        });
    }

    private static void WriteCommon(Utf8JsonWriter writer, string ns, string name, SemVer version, bool publish, IReadOnlyList<KeyValue> annotations)
    {
        writer.WriteString("namespace", ns);
        writer.WriteString("name", name);
        writer.WriteString("version", version.ToString());
        writer.WriteBoolean("publish", publish);
        writer.WritePropertyName("annotations");
        JsonSerializer.Serialize(writer, annotations, OpenWhiskJson.Options);
    }
}
