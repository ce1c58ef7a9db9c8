namespace AovpnRemediations.Profile.Loading;

/// <summary>Where a profile and the certificate files it names are read from.</summary>
public abstract class ProfileSource
{
    /// <summary>How messages name the profile file.</summary>
    public abstract string DisplayName { get; }

    public abstract byte[] ReadProfile();

    /// <summary>Reads a file the profile names, relative to the profile.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public abstract byte[] ReadRelative(string relativePath);

    /// <summary>How messages name a file the profile refers to.</summary>
    public abstract string DescribeRelative(string relativePath);
}

/// <summary>A profile on disk; certificate paths are relative to its folder.</summary>
public sealed class FileProfileSource(string profilePath) : ProfileSource
{
    private readonly string fullPath = Path.GetFullPath(profilePath);

    public override string DisplayName => profilePath;

    public override byte[] ReadProfile() => File.ReadAllBytes(fullPath);

    public override byte[] ReadRelative(string relativePath)
    {
        var baseDirectory = Path.GetDirectoryName(fullPath)!;
        return File.ReadAllBytes(Path.Combine(baseDirectory, relativePath));
    }

    public override string DescribeRelative(string relativePath) =>
        Path.Combine(Path.GetDirectoryName(profilePath) ?? string.Empty, relativePath);
}

/// <summary>The sample profile (example.net) and its public certificates, embedded in this assembly.</summary>
public sealed class SampleProfileSource : ProfileSource
{
    public const string ProfileFileName = "aovpn.json";

    public static SampleProfileSource Instance { get; } = new();

    public override string DisplayName => "(sample) aovpn.json";

    /// <summary>Every embedded sample file, as a path relative to the profile.</summary>
    public static IEnumerable<string> Files =>
        typeof(SampleProfileSource).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("sample/", StringComparison.Ordinal))
            .Select(n => n["sample/".Length..])
            .Order(StringComparer.Ordinal);

    public override byte[] ReadProfile() => ReadRelative(ProfileFileName);

    public override byte[] ReadRelative(string relativePath)
    {
        var name = "sample/" + relativePath.Replace('\\', '/');
        using var stream = typeof(SampleProfileSource).Assembly.GetManifestResourceStream(name)
            ?? throw new FileNotFoundException($"The sample has no file '{relativePath}'.", relativePath);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public override string DescribeRelative(string relativePath) => "(sample) " + relativePath;
}
