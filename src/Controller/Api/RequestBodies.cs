using System.Buffers;
using System.Text.Json;
using OpenWhisk.Common.Json;

namespace OpenWhisk.Controller.Api;

/// <summary>Reads request bodies with a size limit.</summary>
public static class RequestBodies
{
    /// <summary>Reads the body as JSON; an empty body gives null. Larger than <paramref name="maxBytes"/> → 413.</summary>
    public static async Task<JsonElement?> ReadJsonAsync(HttpContext context, long maxBytes, string field)
    {
        var body = await ReadBytesAsync(context, maxBytes, field);
        if (body.Length == 0)
        {
            return null;
        }

        JsonElement json;
        try
        {
            using var document = JsonDocument.Parse(body);
            json = document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw ApiException.BadRequest(ApiMessages.Malformed + exception.Message);
        }

        if (body.Span.IndexOf("\\u"u8) >= 0 && LoneSurrogateEscapes.Any(System.Text.Encoding.UTF8.GetString(body.Span)))
        {
            throw ApiException.BadRequest(ApiMessages.Malformed + "it holds an escaped lone surrogate (such as \\ud800 without its pair), which is not Unicode text.");
        }

        return json;
    }

    /// <summary>Reads the body's bytes; larger than <paramref name="maxBytes"/> → 413 (a declared length is refused before reading).</summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<ReadOnlyMemory<byte>> ReadBytesAsync(HttpContext context, long maxBytes, string field)
    {
        ArgumentNullException.ThrowIfNull(context);
        var declared = context.Request.ContentLength;
        if (declared > maxBytes)
        {
            throw new ApiException(413, ApiMessages.TooLarge(field, declared.Value, maxBytes));
        }

        // A declared length is only a claim: room grows with what arrives, from at most 64 KB, so a request that
        // declares 48 MB and sends nothing holds 64 KB. Each read asks for no more room than the declared length
        // still needs (one byte past it tells the end), so a small body costs one small array.
        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(Math.Min(declared ?? 1024, maxBytes), 64 * 1024) + 1);
        var body = context.Request.Body;
        while (true)
        {
            var wanted = declared is { } length ? (int)Math.Clamp(length - buffer.WrittenCount, 1, 16 * 1024) : 4 * 1024;
            var memory = buffer.GetMemory(wanted);
            var read = await body.ReadAsync(memory, context.RequestAborted);
            if (read == 0)
            {
                break;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > maxBytes)
            {
                throw new ApiException(413, ApiMessages.TooLarge(field, buffer.WrittenCount, maxBytes));
            }
        }

        return buffer.WrittenMemory;
    }
}
