using System.Collections.Concurrent;

namespace AovpnRemediations.GraphEmulator.Fleet;

/// <summary>
/// Files the emulator serves outside Graph, like the SAS blob links of export jobs: no bearer token needed (the real
/// links carry their own signature), streamed from disk.
/// </summary>
public sealed class BlobStore
{
    public const string Prefix = "/_blobs/";

    private readonly ConcurrentDictionary<string, string> _files = new(StringComparer.Ordinal);

    /// <summary>Serves <paramref name="filePath"/> at <c>/_blobs/{name}</c>; returns that path.</summary>
    public string Add(string name, string filePath)
    {
        var path = Prefix + name;
        _files[path] = filePath;
        return path;
    }

    public bool TryGet(string path, out string filePath) => _files.TryGetValue(path, out filePath!);
}
