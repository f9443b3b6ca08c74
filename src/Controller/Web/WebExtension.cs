namespace OpenWhisk.Controller.Web;

/// <summary>The extension of a web action URL (<c>.http</c> when none is given): how the result becomes the HTTP response.</summary>
public enum WebExtension
{
    /// <summary><c>.http</c>: the result says <c>statusCode</c>, <c>headers</c> and <c>body</c>.</summary>
    Http,

    /// <summary><c>.json</c>: the result (an object or array) is the JSON body.</summary>
    Json,

    /// <summary><c>.html</c>: the result's <c>body</c> or <c>html</c> string, as <c>text/html</c>.</summary>
    Html,

    /// <summary><c>.svg</c>: the result's <c>body</c> or <c>svg</c> string, as <c>image/svg+xml</c>.</summary>
    Svg,

    /// <summary><c>.text</c>: the result's <c>body</c> or <c>text</c> field, as <c>text/plain</c>.</summary>
    Text,
}
