namespace OpenWhisk.Controller.Entities;

/// <summary>A system limit with its minimum, maximum and default.</summary>
public sealed class RangeLimit
{
    public int Min { get; set; }

    public int Max { get; set; }

    public int Std { get; set; }
}
