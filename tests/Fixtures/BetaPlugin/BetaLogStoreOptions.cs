using System.ComponentModel.DataAnnotations;

namespace OpenWhisk.Tests.Fixtures.BetaPlugin;

public sealed class BetaLogStoreOptions
{
    [Required]
    public string Greeting { get; set; } = "hello";
}
