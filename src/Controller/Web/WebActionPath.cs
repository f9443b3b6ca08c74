using OpenWhisk.Controller.Entities;

namespace OpenWhisk.Controller.Web;

/// <summary>
/// The parts of a web action URL after <c>/api/v1/web/</c>: <c>{namespace}/{package|default}/{action}{.ext}{/rest}</c>.
/// An action segment that ends with a known extension loses it; otherwise the whole segment is the name and the
/// extension is <c>.http</c>. The rest of the path (still encoded) is the action's <c>__ow_path</c>.
/// </summary>
/// <param name="Action">The action, in its package (or the default package).</param>
/// <param name="Extension">The extension.</param>
/// <param name="RestPath">What follows the action segment, starting with <c>/</c>, or empty.</param>
public sealed record WebActionPath(QualifiedName Action, WebExtension Extension, string RestPath)
{
    private static readonly (string Suffix, WebExtension Extension)[] Extensions =
    [
        (".http", WebExtension.Http),
        (".json", WebExtension.Json),
        (".html", WebExtension.Html),
        (".svg", WebExtension.Svg),
        (".text", WebExtension.Text),
    ];

    /// <summary>Parses the path after <c>/api/v1/web/</c>; null when it does not name an action with valid names.</summary>
    public static WebActionPath? Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var parts = path.Split('/', 4);
        if (parts.Length < 3)
        {
            return null;
        }

        var ns = Uri.UnescapeDataString(parts[0]);
        var package = Uri.UnescapeDataString(parts[1]);
        var segment = Uri.UnescapeDataString(parts[2]);
        var extension = WebExtension.Http;
        foreach (var (suffix, known) in Extensions)
        {
            if (segment.EndsWith(suffix, StringComparison.Ordinal))
            {
                segment = segment[..^suffix.Length];
                extension = known;
                break;
            }
        }

        if (!EntityNames.IsValid(ns) || !EntityNames.IsValid(segment) || (package != "default" && !EntityNames.IsValid(package)))
        {
            return null;
        }

        var actionPath = package == "default" ? ns : ns + "/" + package;
        return new WebActionPath(new QualifiedName(actionPath, segment), extension, parts.Length == 4 ? "/" + parts[3] : string.Empty);
    }
}
