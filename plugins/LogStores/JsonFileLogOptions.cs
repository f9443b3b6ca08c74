using System.ComponentModel.DataAnnotations;
using OpenWhisk.Spi.Logs;

namespace OpenWhisk.Plugins.LogStores;

/// <summary>
/// How the log stores that read logs back (<c>activation</c>, <c>file</c>) have action containers keep them: the
/// engine's <c>json-file</c> driver, rotated so that a chatty container cannot fill the engine's disk (section
/// <c>Logs:JsonFile</c>).
/// </summary>
public sealed class JsonFileLogOptions
{
    /// <summary>Gets or sets the size at which the engine starts a new file (its <c>max-size</c>: a number with k, m or g).</summary>
    [Required]
    [RegularExpression("^[1-9][0-9]*[kmg]?$", ErrorMessage = "Logs:JsonFile:MaxSize is a size such as 512k, 10m or 1g.")]
    public string MaxSize { get; set; } = "10m";

    /// <summary>Gets or sets how many files the engine keeps per container (its <c>max-file</c>).</summary>
    [Range(1, 100)]
    public int MaxFiles { get; set; } = 3;

    /// <summary>Returns the container log configuration these settings describe.</summary>
    /// <returns>The <c>json-file</c> driver with <c>max-size</c> and <c>max-file</c>.</returns>
    public ContainerLogConfiguration ToContainerLogging() => new()
    {
        Driver = "json-file",
        Options = new Dictionary<string, string>
        {
            ["max-size"] = MaxSize,
            ["max-file"] = MaxFiles.ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
    };
}
