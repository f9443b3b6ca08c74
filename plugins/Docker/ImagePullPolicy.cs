namespace OpenWhisk.Plugins.Docker;

/// <summary>When the Docker factory pulls the image of a blackbox action (<c>Docker:PullPolicy</c>); runtime images are never pulled.</summary>
public enum ImagePullPolicy
{
    /// <summary>
    /// On every cold start, as OpenWhisk does for blackbox actions, so that a re-pushed tag (<c>:latest</c>) is
    /// picked up; when the registry cannot be reached, a copy the engine already has is used.
    /// </summary>
    Always,

    /// <summary>Only when the engine does not have the image.</summary>
    Missing,

    /// <summary>Never: an image the engine does not have is a developer error.</summary>
    Never,
}
