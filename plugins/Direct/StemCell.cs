using OpenWhisk.Spi.Containers;

namespace OpenWhisk.Plugins.Direct;

/// <summary>A stem cell of the direct pool: a started container of a kind's image, not initialized yet. Guarded by the pool's lock.</summary>
/// <param name="config">The stem-cell setting it was made for.</param>
/// <param name="image">The image it runs.</param>
internal sealed class StemCell(DirectStemCellOptions config, string image)
{
    public DirectStemCellOptions Config { get; } = config;

    public string Image { get; } = image;

    public int MemoryMb => Config.MemoryMb;

    /// <summary>Gets or sets the container once it has started; null while it starts.</summary>
    public IContainer? Container { get; set; }
}
