namespace OpenWhisk.Bench.PlatformBench;

/// <summary>What the soak reads of the standalone process and the engine at one moment.</summary>
/// <param name="Minute">Minutes since the load started.</param>
/// <param name="RssMb">Resident memory of the process.</param>
/// <param name="OpenFiles">Open file descriptors of the process.</param>
/// <param name="Threads">Threads of the process.</param>
/// <param name="Containers">The platform's containers on the engine.</param>
/// <param name="Completed">Invocations answered so far.</param>
internal sealed record SoakSample(double Minute, double RssMb, int OpenFiles, int Threads, int Containers, long Completed);
