using System.Text.Json;
using System.Text.Json.Nodes;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Common.Runtimes;

/// <summary>
/// The runtimes manifest (<c>config/runtimes.json</c>, OpenWhisk's format): the kinds actions may use, the image
/// of each, which kind is a family's default and which kinds keep prewarmed stem cells.
/// </summary>
public sealed class RuntimesManifest
{
    private readonly Dictionary<string, RuntimeKind> kinds;

    public RuntimesManifest(IEnumerable<RuntimeKind> kinds, IEnumerable<string>? blackboxImages = null)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        this.kinds = kinds.ToDictionary(k => k.Kind, StringComparer.Ordinal);
        BlackboxImages = blackboxImages?.ToList() ?? [];
    }

    /// <summary>Gets every kind, in manifest order.</summary>
    public IReadOnlyCollection<RuntimeKind> Kinds => kinds.Values;

    /// <summary>Gets the blackbox images the manifest lists (they need no pull).</summary>
    public IReadOnlyList<string> BlackboxImages { get; }

    /// <summary>Finds a kind; <c>family:default</c> resolves to the family's default kind.</summary>
    /// <param name="kind">The kind as the user wrote it.</param>
    /// <returns>The runtime, or null.</returns>
    public RuntimeKind? Resolve(string kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (kinds.TryGetValue(kind, out var runtime))
        {
            return runtime;
        }

        if (kind.EndsWith(":default", StringComparison.Ordinal))
        {
            var family = kind[..^":default".Length];
            return kinds.Values.FirstOrDefault(k => k.Family == family && k.IsDefault)
                ?? SingleOfFamily(family);
        }

        return null;
    }

    /// <summary>Returns the image that runs <paramref name="exec"/>: the blackbox image or the kind's.</summary>
    /// <param name="exec">The action's exec.</param>
    /// <returns>The image, or null for an unknown kind.</returns>
    public string? ImageFor(ActionExec exec)
    {
        ArgumentNullException.ThrowIfNull(exec);
        return exec.IsBlackbox ? exec.Image : Resolve(exec.Kind)?.Image;
    }

    /// <summary>Reads a manifest file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="InvalidDataException">The file is not a valid manifest.</exception>
    public static RuntimesManifest Load(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw new InvalidDataException($"Runtimes manifest '{path}' is not valid: {exception.Message}", exception);
        }
    }

    /// <summary>Parses manifest JSON.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The manifest.</returns>
    public static RuntimesManifest Parse(string json)
    {
        var root = JsonNode.Parse(json)?.AsObject() ?? throw new FormatException("The manifest is empty.");
        var kinds = new List<RuntimeKind>();
        foreach (var (family, entries) in root["runtimes"]?.AsObject() ?? [])
        {
            foreach (var entry in entries!.AsArray())
            {
                kinds.Add(ParseKind(family, entry!.AsObject()));
            }
        }

        var blackboxes = (root["blackboxes"]?.AsArray() ?? []).Select(image => ImageName(image!.AsObject())).ToList();
        return new RuntimesManifest(kinds, blackboxes);
    }

    private static RuntimeKind ParseKind(string family, JsonObject entry)
    {
        var kind = entry["kind"]?.GetValue<string>() ?? throw new FormatException($"A '{family}' runtime has no kind.");
        return new RuntimeKind
        {
            Kind = kind,
            Family = family,
            Image = ImageName(entry["image"]?.AsObject() ?? throw new FormatException($"Runtime '{kind}' has no image.")),
            IsDefault = entry["default"]?.GetValue<bool>() ?? false,
            Deprecated = entry["deprecated"]?.GetValue<bool>() ?? false,
            RequireMain = entry["requireMain"]?.GetValue<bool>() ?? false,
            SentinelledLogs = entry["sentinelledLogs"]?.GetValue<bool>() ?? true,
            StemCells = (entry["stemCells"]?.AsArray() ?? []).Select(cell => ParseStemCell(kind, cell!.AsObject())).ToList(),
        };
    }

    private static StemCellConfig ParseStemCell(string kind, JsonObject cell)
    {
        var count = (cell["initialCount"] ?? cell["count"])?.GetValue<int>() ?? throw new FormatException($"A stem cell of '{kind}' has no initialCount.");
        if (count <= 0)
        {
            throw new FormatException($"A stem cell of '{kind}' must have initialCount > 0.");
        }

        var memory = ByteSizeText.ParseMegabytes(cell["memory"]?.GetValue<string>() ?? throw new FormatException($"A stem cell of '{kind}' has no memory."));
        ReactivePrewarmConfig? reactive = null;
        if (cell["reactive"] is JsonObject r)
        {
            reactive = new ReactivePrewarmConfig(
                r["minCount"]!.GetValue<int>(),
                r["maxCount"]!.GetValue<int>(),
                DurationText.Parse(r["ttl"]!.GetValue<string>()),
                r["threshold"]!.GetValue<int>(),
                r["increment"]!.GetValue<int>());
        }

        return new StemCellConfig(count, memory, reactive);
    }

    private static string ImageName(JsonObject image)
    {
        var name = image["name"]?.GetValue<string>() ?? throw new FormatException("An image has no name.");
        var prefix = image["prefix"]?.GetValue<string>();
        var registry = image["registry"]?.GetValue<string>();
        var tag = image["tag"]?.GetValue<string>();
        var full = string.IsNullOrEmpty(prefix) ? name : prefix + "/" + name;
        if (!string.IsNullOrEmpty(registry))
        {
            full = registry + "/" + full;
        }

        return string.IsNullOrEmpty(tag) ? full : full + ":" + tag;
    }

    private RuntimeKind? SingleOfFamily(string family)
    {
        var ofFamily = kinds.Values.Where(k => k.Family == family).Take(2).ToList();
        return ofFamily.Count == 1 ? ofFamily[0] : null;
    }
}
