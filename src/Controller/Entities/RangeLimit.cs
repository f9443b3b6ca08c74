namespace OpenWhisk.Controller.Entities;

/// <summary>A system limit with its minimum, maximum and default.</summary>
public sealed class RangeLimit
{
    /// <summary>Gets or sets the smallest value an action may set.</summary>
    public int Min { get; set; }

    /// <summary>Gets or sets the largest value an action may set.</summary>
    public int Max { get; set; }

    /// <summary>Gets or sets the value of an action that sets none.</summary>
    public int Std { get; set; }
}
