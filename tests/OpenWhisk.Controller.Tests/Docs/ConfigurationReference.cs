using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace OpenWhisk.Controller.Tests.Docs;

/// <summary>
/// Writes <c>docs/configuration.md</c> from the options classes themselves: every bindable property's key, type,
/// default (read from a new instance) and description (its XML documentation).
/// </summary>
internal static class ConfigurationReference
{
    public static string Generate(IEnumerable<(string Section, Type Options)> sections)
    {
        var text = new StringBuilder();
        text.AppendLine("# Configuration reference");
        text.AppendLine();
        text.AppendLine("Generated from the options classes by `tests/OpenWhisk.Controller.Tests/Docs/ConfigurationReferenceTests.cs`,");
        text.AppendLine("which fails when this file and the code disagree; regenerate it with");
        text.AppendLine("`OW_UPDATE_DOCS=1 dotnet test tests/OpenWhisk.Controller.Tests -c Release --filter ConfigurationReference`.");
        text.AppendLine("Keys are set in `appsettings.json`, as environment variables (`Limits__InvocationsPerMinute=600`) or on the");
        text.AppendLine("command line (`--Limits:InvocationsPerMinute=600`); a role's defaults in `config/appsettings.<role>.json` win over");
        text.AppendLine("the defaults below. Settings that no options class holds (`Spi:*`, `Http:Host`, `Http:Port`, `Api:Host`,");
        text.AppendLine("`Logging:Format`) are described in the README.");
        foreach (var group in sections.GroupBy(s => s.Section))
        {
            text.AppendLine();
            var classes = string.Join(", ", group.Select(g => $"`{g.Options.Name}` ({g.Options.Assembly.GetName().Name})"));
            text.AppendLine(CultureInfo.InvariantCulture, $"## `{group.Key}`");
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"Bound to {classes}.");
            text.AppendLine();
            text.AppendLine("| key | type | default | description |");
            text.AppendLine("|---|---|---|---|");
            foreach (var (_, options) in group)
            {
                WriteRows(text, group.Key, options, Activator.CreateInstance(options), depth: 0, parent: string.Empty);
            }
        }

        return text.ToString();
    }

    private static void WriteRows(StringBuilder text, string prefix, Type type, object? instance, int depth, string parent)
    {
        var docs = XmlDocs.For(type.Assembly);
        foreach (var property in Bindable(type))
        {
            var key = prefix + ":" + property.Name;
            var value = instance is null ? null : property.GetValue(instance);
            var summary = Sentence(docs.Summary("P:" + (property.DeclaringType ?? type).FullName + "." + property.Name));
            if (IsNested(property.PropertyType) && depth < 3)
            {
                WriteRows(text, key, property.PropertyType, value ?? SafeCreate(property.PropertyType), depth + 1, summary.TrimEnd('.'));
                continue;
            }

            summary = parent.Length == 0 ? summary : parent + ": " + (summary.Length == 0 ? summary : char.ToLowerInvariant(summary[0]) + summary[1..]);

            text.AppendLine(CultureInfo.InvariantCulture, $"| `{key}` | {TypeName(property.PropertyType)} | {Default(value)} | {Escape(summary)} |");
        }
    }

    private static IEnumerable<PropertyInfo> Bindable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0)
            .Where(p => p.SetMethod is { IsPublic: true } || (p.SetMethod is null && IsMutableCollection(p.PropertyType)))
            .OrderBy(p => p.MetadataToken);

    private static bool IsMutableCollection(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var definition
        && (definition == typeof(IList<>) || definition == typeof(List<>) || definition == typeof(IDictionary<,>) || definition == typeof(Dictionary<,>));

    /// <summary>A class of ours whose properties are keys of their own (<c>Limits:MemoryMb:Min</c>).</summary>
    private static bool IsNested(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type)
        && type.Namespace?.StartsWith("OpenWhisk.", StringComparison.Ordinal) == true;

    private static object? SafeCreate(Type type) => type.GetConstructor(Type.EmptyTypes) is null ? null : Activator.CreateInstance(type);

    private static string TypeName(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return TypeName(underlying) + " (optional)";
        }

        if (type.IsEnum)
        {
            return string.Join(" \\| ", Enum.GetNames(type).Select(n => "`" + n + "`"));
        }

        if (type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type))
        {
            var arguments = type.GetGenericArguments();
            return arguments.Length == 2 ? $"map of {TypeName(arguments[1])}" : $"list of {TypeName(arguments[0])}";
        }

        return type switch
        {
            _ when type == typeof(string) => "text",
            _ when type == typeof(bool) => "true \\| false",
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(uint) => "integer",
            _ when type == typeof(double) => "number",
            _ when type == typeof(TimeSpan) => "duration (`hh:mm:ss`)",
            _ when type == typeof(Uri) => "URL",
            _ => type.Name,
        };
    }

    private static string Default(object? value) => value switch
    {
        null => "(unset)",
        string { Length: 0 } => "(empty)",
        string text => "`" + text + "`",
        bool flag => flag ? "`true`" : "`false`",
        TimeSpan duration => "`" + duration.ToString("c", CultureInfo.InvariantCulture) + "`",
        IFormattable number => "`" + number.ToString(null, CultureInfo.InvariantCulture) + "`",
        IEnumerable items when !items.Cast<object?>().Any() => "(none)",
        IEnumerable items => "`" + JsonSerializer.Serialize(items) + "`",
        _ => "`" + value + "`",
    };

    /// <summary>"Gets or sets the largest page size." reads as "The largest page size." in a table.</summary>
    private static string Sentence(string summary)
    {
        foreach (var prefix in new[] { "Gets or sets a value indicating ", "Gets or sets ", "Gets " })
        {
            if (summary.StartsWith(prefix, StringComparison.Ordinal))
            {
                var rest = summary[prefix.Length..];
                return rest.Length == 0 ? rest : char.ToUpperInvariant(rest[0]) + rest[1..];
            }
        }

        return summary;
    }

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    /// <summary>Reads the XML documentation file next to an assembly.</summary>
    private sealed class XmlDocs
    {
        private static readonly Dictionary<Assembly, XmlDocs> Cache = [];
        private readonly Dictionary<string, string> summaries = new(StringComparer.Ordinal);

        private XmlDocs(string? path)
        {
            if (path is null || !File.Exists(path))
            {
                throw new FileNotFoundException("The XML documentation the reference reads is missing (GenerateDocumentationFile)", path);
            }

            foreach (var member in XDocument.Load(path).Descendants("member"))
            {
                if (member.Attribute("name")?.Value is { } name && member.Element("summary") is { } summary)
                {
                    summaries[name] = Flatten(summary);
                }
            }
        }

        public static XmlDocs For(Assembly assembly)
        {
            lock (Cache)
            {
                if (!Cache.TryGetValue(assembly, out var docs))
                {
                    docs = new XmlDocs(string.IsNullOrEmpty(assembly.Location) ? null : Path.ChangeExtension(assembly.Location, ".xml"));
                    Cache[assembly] = docs;
                }

                return docs;
            }
        }

        public string Summary(string member) => summaries.GetValueOrDefault(member, string.Empty);

        private static string Flatten(XElement element)
        {
            var text = new StringBuilder();
            foreach (var node in element.Nodes())
            {
                text.Append(node switch
                {
                    XText plain => plain.Value,
                    XElement { Name.LocalName: "c" } code => "`" + code.Value + "`",
                    XElement { Name.LocalName: "see" or "seealso" } see => "`" + Last(see.Attribute("cref")?.Value ?? see.Attribute("langword")?.Value ?? string.Empty) + "`",
                    XElement { Name.LocalName: "paramref" or "typeparamref" } reference => "`" + reference.Attribute("name")?.Value + "`",
                    XElement other => Flatten(other),
                    _ => string.Empty,
                });
            }

            return string.Join(' ', text.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        }

        private static string Last(string cref) => cref[(cref.LastIndexOf('.') + 1)..];
    }
}
