using System.Buffers;
using System.Globalization;
using System.Text.Json;
using OpenWhisk.Common.Json;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Execution;

/// <summary>Builds the JSON bodies of <c>/init</c> and <c>/run</c> as OpenWhisk's invoker sends them.</summary>
public static class ActionPayloads
{
    /// <summary>
    /// The context values every run receives (and <c>/init</c> as <c>__OW_*</c> variables): namespace,
    /// action_name, action_version, activation_id, transaction_id and, unless the action's
    /// <c>provide-api-key</c> annotation is false, api_key.
    /// </summary>
    /// <param name="job">The activation.</param>
    /// <returns>The values, in OpenWhisk's order.</returns>
    public static IReadOnlyList<KeyValuePair<string, string>> Environment(ActivationJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var message = job.Message;
        var environment = new List<KeyValuePair<string, string>>(6)
        {
            new("namespace", message.User.Namespace.Name),
            new("action_name", "/" + message.Action.Path + "/" + message.Action.Name),
            new("action_version", (message.Action.Version ?? job.Action.Version).ToString()),
            new("activation_id", message.ActivationId),
            new("transaction_id", message.TransactionId.Id),
        };
        if (job.Action.Annotations.IsTruthy("provide-api-key", whenMissing: true))
        {
            environment.Add(new("api_key", message.User.AuthKey.ApiKey));
        }

        return environment;
    }

    /// <summary>
    /// Splits the message content: parameters named in <c>initArgs</c> go to the init environment, the rest
    /// become the run's <c>value</c>. Non-object content is passed through unchanged.
    /// </summary>
    /// <param name="message">The activation message.</param>
    /// <param name="initEnvironment">The init parameters, stringified.</param>
    /// <returns>The run's <c>value</c>.</returns>
    public static JsonElement SplitContent(ActivationMessage message, out IReadOnlyDictionary<string, string> initEnvironment)
    {
        ArgumentNullException.ThrowIfNull(message);
        var content = message.Content;
        if (content is not { ValueKind: JsonValueKind.Object } parameters || message.InitArgs.Count == 0)
        {
            initEnvironment = new Dictionary<string, string>();
            return content is { ValueKind: JsonValueKind.Object or JsonValueKind.Array } value ? value : EmptyObject;
        }

        var init = new Dictionary<string, string>(StringComparer.Ordinal);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in parameters.EnumerateObject())
            {
                if (message.InitArgs.Contains(property.Name))
                {
                    init[property.Name] = Stringify(property.Value);
                }
                else
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        initEnvironment = init;
        return JsonDocument.Parse(buffer.WrittenMemory).RootElement.Clone();
    }

    /// <summary>
    /// Returns <paramref name="message"/> with only what <c>/init</c> needs of its parameters (those named by
    /// <see cref="ActivationMessage.InitArgs"/>): what a container prepared ahead of the action's next activation is
    /// initialized with, without keeping the earlier activation's run parameters alive.
    /// </summary>
    /// <param name="message">An activation message of the action.</param>
    /// <returns>The message with its other parameters dropped.</returns>
    public static ActivationMessage KeepingInitParameters(ActivationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Content is not { ValueKind: JsonValueKind.Object } parameters || message.InitArgs.Count == 0)
        {
            return message with { Content = null };
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in parameters.EnumerateObject())
            {
                if (message.InitArgs.Contains(property.Name))
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        return message with { Content = JsonDocument.Parse(buffer.WrittenMemory).RootElement.Clone() };
    }

    /// <summary>Builds <c>{"value": {"name", "main", "code", "binary", "env"}}</c>.</summary>
    /// <param name="action">The action.</param>
    /// <param name="initEnvironment">The init parameters.</param>
    /// <param name="environment">The context values; sent as <c>__OW_&lt;KEY&gt;</c>.</param>
    /// <param name="deadlineEpochMs">When the activation must end.</param>
    /// <returns>The UTF-8 JSON body.</returns>
    public static byte[] InitBody(
        WhiskAction action,
        IReadOnlyDictionary<string, string> initEnvironment,
        IReadOnlyList<KeyValuePair<string, string>> environment,
        long deadlineEpochMs)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(initEnvironment);
        ArgumentNullException.ThrowIfNull(environment);
        var buffer = new ArrayBufferWriter<byte>(256 + (action.Exec.Code?.Length ?? 0));
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = OpenWhiskJson.Options.Encoder }))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("value");
            writer.WriteString("name", action.Name);
            writer.WriteString("main", string.IsNullOrEmpty(action.Exec.Main) ? "main" : action.Exec.Main);
            if (action.Exec.Code is not null)
            {
                writer.WriteString("code", action.Exec.Code);
            }

            writer.WriteBoolean("binary", action.Exec.IsBinary);
            writer.WriteStartObject("env");
            foreach (var (key, value) in initEnvironment)
            {
                writer.WriteString(key, value);
            }

            foreach (var (key, value) in environment)
            {
                writer.WriteString("__OW_" + key.ToUpperInvariant(), value);
            }

            writer.WriteString("__OW_DEADLINE", deadlineEpochMs.ToString(CultureInfo.InvariantCulture));
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Builds <c>{"value": ..., "namespace", "action_name", ..., "deadline": "&lt;epoch ms&gt;"}</c>.</summary>
    /// <param name="value">The parameters.</param>
    /// <param name="environment">The context values.</param>
    /// <param name="deadlineEpochMs">When the activation must end; sent as a string.</param>
    /// <returns>The UTF-8 JSON body.</returns>
    public static byte[] RunBody(JsonElement value, IReadOnlyList<KeyValuePair<string, string>> environment, long deadlineEpochMs)
    {
        ArgumentNullException.ThrowIfNull(environment);

        return ThreadJsonScratch.ToArray((value, environment, deadlineEpochMs), static (writer, run) =>
        {
            writer.WriteStartObject();
            writer.WritePropertyName("value");
            run.value.WriteTo(writer);
            foreach (var (key, text) in run.environment)
            {
                writer.WriteString(key, text);
            }

            writer.WriteString("deadline", run.deadlineEpochMs.ToString(CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        });
    }

    /// <summary>Stringifies a parameter for the environment: strings as they are, null as empty, the rest as JSON.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string Stringify(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null or JsonValueKind.Undefined => string.Empty,
        _ => value.GetRawText(),
    };

    private static JsonElement EmptyObject { get; } = JsonDocument.Parse("{}").RootElement.Clone();
}
