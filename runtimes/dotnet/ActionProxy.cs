using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OpenWhisk.Runtime.Dotnet;

/// <summary>
/// OpenWhisk's action protocol: one <c>/init</c> that loads the action, then any number of <c>/run</c>s, concurrent
/// ones included (the platform sends several only to actions whose concurrency limit allows it; the <c>__OW_</c>
/// variables are the process's, so concurrent runs share them, as in OpenWhisk's runtime). After every run, and after
/// an init that failed unexpectedly (not a validation error), the sentinel line goes to stdout and stderr so that the
/// platform can tell which log lines belong to which activation.
/// </summary>
internal sealed class ActionProxy(ActionLoader loader, ProxyLogFile? logFile = null)
{
    /// <summary>The line that ends an activation's logs.</summary>
    public const string Sentinel = "XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX";

    private const int Ready = 0;
    private const int Initializing = 1;
    private const int Initialized = 2;

    private static readonly Lock Output = new();
    private int state = Ready;
    private LoadedAction? action;

    /// <summary>Answers one request.</summary>
    public Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        return request.Method == HttpMethods.Post && request.Path == "/init" ? InitAsync(context)
            : request.Method == HttpMethods.Post && request.Path == "/run" ? RunAsync(context)
            : ReplyAsync(context, 500, Error("Bad request."));
    }

    private async Task InitAsync(HttpContext context)
    {
        // Taken before the body is read, so that a second /init arriving meanwhile is refused.
        if (Interlocked.CompareExchange(ref state, Initializing, Ready) != Ready)
        {
            await ReplyAsync(context, 403, Error("Cannot initialize the action more than once."));
            return;
        }

        var initialized = false;
        try
        {
            using var message = await ReadAsync(context);
            if (message is null)
            {
                await ReplyAsync(context, 400, Error("The init request is not valid JSON."));
                return;
            }

            if (!message.RootElement.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Object
                || Text(value, "code") is not { Length: > 0 } code || Text(value, "main") is not { Length: > 0 } main)
            {
                await ReplyAsync(context, 403, Error("Missing main/no code to execute."));
                return;
            }

            if (value.TryGetProperty("binary", out var binary) && binary.ValueKind == JsonValueKind.False)
            {
                await ReplyAsync(context, 502, Error("code must be binary (zip file)."));
                return;
            }

            SetEnvironment(value);
            try
            {
                action = loader.Load(code, main);
            }
            catch (ActionLoadException exception)
            {
                Log(exception.Message);
                await ReplyAsync(context, 502, Error(exception.Message));
                return;
            }
            catch (Exception exception)
            {
                Log(exception.ToString());
                WriteSentinels();
                await ReplyAsync(context, 502, Error("Initialization has failed due to: " + exception.Message));
                return;
            }

            // Initialized before the answer leaves: a run may arrive on another connection the moment it does.
            initialized = true;
            Volatile.Write(ref state, Initialized);
            await ReplyAsync(context, 200, "{\"OK\":true}"u8.ToArray());
        }
        finally
        {
            if (!initialized)
            {
                Volatile.Write(ref state, Ready);
            }
        }
    }

    private async Task RunAsync(HttpContext context)
    {
        if (Volatile.Read(ref state) != Initialized || action is null)
        {
            await ReplyAsync(context, 403, Error("Cannot invoke an uninitialized action."));
            return;
        }

        using var message = await ReadAsync(context);
        if (message is null || message.RootElement.ValueKind != JsonValueKind.Object)
        {
            await ReplyAsync(context, 400, Error("The run request is not a JSON object."));
            return;
        }

        foreach (var property in message.RootElement.EnumerateObject())
        {
            if (property.Name != "value")
            {
                Environment.SetEnvironmentVariable(
                    "__OW_" + property.Name.ToUpperInvariant(),
                    property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText());
            }
        }

        message.RootElement.TryGetProperty("value", out var value);
        byte[] result;
        try
        {
            result = await action.RunAsync(value);
        }
        catch (ActionRunException exception)
        {
            Log(exception.InnerException?.ToString() ?? exception.Message);
            WriteSentinels();
            await ReplyAsync(context, 502, Error(exception.Message));
            return;
        }

        WriteSentinels();
        await ReplyAsync(context, 200, result);
    }

    /// <summary>The init's <c>env</c>: each entry becomes an environment variable; null or empty removes it.</summary>
    private static void SetEnvironment(JsonElement value)
    {
        if (!value.TryGetProperty("env", out var env) || env.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var entry in env.EnumerateObject())
        {
            var text = entry.Value.ValueKind switch
            {
                JsonValueKind.String => entry.Value.GetString(),
                JsonValueKind.Null => null,
                _ => entry.Value.GetRawText(),
            };
            Environment.SetEnvironmentVariable(entry.Name, string.IsNullOrEmpty(text) ? null : text);
        }
    }

    private static string? Text(JsonElement value, string name) =>
        value.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String ? property.GetString() : null;

    private static async Task<JsonDocument?> ReadAsync(HttpContext context)
    {
        try
        {
            return await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static byte[] Error(string message)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("error", message);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static Task ReplyAsync(HttpContext context, int status, byte[] body)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    private static void Log(string text)
    {
        lock (Output)
        {
            Console.Error.WriteLine(text);
        }
    }

    private void WriteSentinels()
    {
        if (logFile is not null)
        {
            // Both in one write: a reader never sees one stream's end without the other's.
            logFile.AppendToBoth(Sentinel + "\n");
            return;
        }

        lock (Output)
        {
            Console.Out.WriteLine(Sentinel);
            Console.Out.Flush();
            Console.Error.WriteLine(Sentinel);
            Console.Error.Flush();
        }
    }
}
