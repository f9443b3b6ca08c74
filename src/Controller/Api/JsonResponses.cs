using System.Buffers;
using System.Text.Json;
using OpenWhisk.Common.Json;
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
        var (rented, length) = ThreadJsonScratch.ToRented(write, static (writer, write) => write(writer));
        return SendRentedAsync(context, status, rented, length);
    }

    private static async Task SendRentedAsync(HttpContext context, int status, byte[] rented, int length)
    {
        try
        {
            await SendAsync(context, status, rented.AsMemory(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
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
