using System.ComponentModel.DataAnnotations;

namespace OpenWhisk.Plugins.LogStores;

/// <summary>Settings of the <c>file</c> log store (section <c>Logs:File</c>).</summary>
public sealed class FileLogStoreOptions
{
    /// <summary>Gets or sets the folder of the rolling files (relative paths are taken from the working directory).</summary>
    [Required]
    public string Directory { get; set; } = "logs";

    /// <summary>Gets or sets the size at which a new file is started.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 100L * 1024 * 1024;
}
