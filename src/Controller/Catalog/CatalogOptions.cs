namespace OpenWhisk.Controller.Catalog;

/// <summary>The built-in catalog of shared packages (section <c>Catalog</c>).</summary>
public sealed class CatalogOptions
{
    /// <summary>Gets or sets a value indicating whether the controller installs the catalog at startup (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the namespace that holds the catalog's packages (default <c>whisk.system</c>).</summary>
    public string Namespace { get; set; } = "whisk.system";
}
