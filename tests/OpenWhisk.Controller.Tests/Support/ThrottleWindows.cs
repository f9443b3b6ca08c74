namespace OpenWhisk.Controller.Tests.Support;

/// <summary>OpenWhisk's rate throttles count per wall-clock minute: a test that fills one waits for a fresh minute when little is left.</summary>
internal static class ThrottleWindows
{
    /// <summary>Returns once at least 20 seconds of the current minute remain.</summary>
    public static async Task WaitForRoomAsync()
    {
        var second = DateTimeOffset.UtcNow.Second;
        if (second >= 40)
        {
            await Task.Delay(TimeSpan.FromSeconds(61 - second));
        }
    }
}
