using System.Buffers;
using System.Text.Json;
using OpenWhisk.Spi;

namespace OpenWhisk.Controller.Api;

/// <summary>Writes JSON responses: serialized into a buffer first, then sent in one write with a Content-Length.</summary>
public static class JsonResponses
{
    public static Task WriteAsync<T>(HttpContext context, int status, T value) =>
        SendAsync(context, status, JsonSerializer.SerializeToUtf8Bytes(value, OpenWhiskJson.Options));

    public static Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = OpenWhiskJson.Options.Encoder }))
        {
            write(writer);
        }

        return SendAsync(context, status, buffer.WrittenMemory);
    }

    private static async Task SendAsync(HttpContext context, int status, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }
}
