using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace OpenWhisk.TestSupport;

/// <summary>
/// A collector stand-in on loopback that accepts OTLP/HTTP protobuf trace exports (<c>POST /v1/traces</c>) and
/// decodes the spans with a minimal protobuf reader: service, trace and span ids, parent, name and string attributes.
/// </summary>
public sealed class OtlpTraceReceiver : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<ReceivedSpan> spans = new();
    private readonly Task loop;

    public OtlpTraceReceiver()
    {
        Port = LoopbackPort.Free();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    public IReadOnlyList<ReceivedSpan> Spans => [.. spans];

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        try
        {
            await loop;
        }
        catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            if (context.Request.Url!.AbsolutePath == "/v1/traces")
            {
                foreach (var span in Decode(body.ToArray()))
                {
                    spans.Enqueue(span);
                }
            }

            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    /// <summary>ExportTraceServiceRequest → ResourceSpans(1) → Resource(1), ScopeSpans(2) → Span(2).</summary>
    private static IEnumerable<ReceivedSpan> Decode(byte[] request)
    {
        foreach (var resourceSpans in Fields(request).Where(f => f.Number == 1))
        {
            var fields = Fields(resourceSpans.Bytes!);
            var service = fields.Where(f => f.Number == 1).SelectMany(r => Attributes(r.Bytes!, 1)).FirstOrDefault(a => a.Key == "service.name").Value;
            foreach (var scopeSpans in fields.Where(f => f.Number == 2))
            {
                foreach (var span in Fields(scopeSpans.Bytes!).Where(f => f.Number == 2))
                {
                    var spanFields = Fields(span.Bytes!);
                    yield return new ReceivedSpan(
                        service ?? string.Empty,
                        Hex(spanFields, 1),
                        Hex(spanFields, 2),
                        Hex(spanFields, 4),
                        Encoding.UTF8.GetString(spanFields.FirstOrDefault(f => f.Number == 5).Bytes ?? []),
                        Attributes(span.Bytes!, 9).ToDictionary(a => a.Key, a => a.Value));
                }
            }
        }
    }

    private static string Hex(List<Field> fields, int number) =>
        Convert.ToHexStringLower(fields.FirstOrDefault(f => f.Number == number).Bytes ?? []);

    /// <summary>The string-valued KeyValue(key 1, AnyValue 2 → string_value 1) entries of field <paramref name="number"/>.</summary>
    private static IEnumerable<KeyValuePair<string, string>> Attributes(byte[] message, int number)
    {
        foreach (var pair in Fields(message).Where(f => f.Number == number))
        {
            var keyValue = Fields(pair.Bytes!);
            var key = Encoding.UTF8.GetString(keyValue.FirstOrDefault(f => f.Number == 1).Bytes ?? []);
            var value = keyValue.FirstOrDefault(f => f.Number == 2).Bytes is { } any
                ? Fields(any).FirstOrDefault(f => f.Number == 1).Bytes
                : null;
            if (value is not null)
            {
                yield return new KeyValuePair<string, string>(key, Encoding.UTF8.GetString(value));
            }
        }
    }

    private static List<Field> Fields(byte[] message)
    {
        var fields = new List<Field>();
        var position = 0;
        while (position < message.Length)
        {
            var tag = Varint(message, ref position);
            var number = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0:
                    fields.Add(new Field(number, Varint(message, ref position), null));
                    break;
                case 1:
                    position += 8;
                    break;
                case 2:
                    var length = (int)Varint(message, ref position);
                    fields.Add(new Field(number, 0, message[position..(position + length)]));
                    position += length;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw new FormatException("Unknown protobuf wire type in an OTLP export.");
            }
        }

        return fields;
    }

    private static ulong Varint(byte[] message, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var next = message[position++];
            value |= (ulong)(next & 0x7F) << shift;
            if ((next & 0x80) == 0)
            {
                return value;
            }
        }
    }

    private readonly record struct Field(int Number, ulong Varint, byte[]? Bytes);
}
