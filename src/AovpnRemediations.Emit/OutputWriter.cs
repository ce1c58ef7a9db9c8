namespace AovpnRemediations.Emit;

/// <summary>
/// Writes an output folder atomically: everything goes to a sibling temporary folder first, which then
/// replaces the old folder. A build that fails leaves the previous output exactly as it was.
/// </summary>
public static class OutputWriter
{
    public static void Write(string outputDirectory, OutputTree tree, IEnumerable<OutputFile> extraFiles)
    {
        var target = Path.GetFullPath(outputDirectory).TrimEnd(Path.DirectorySeparatorChar);
        RefuseForeignFolder(target);
        var parent = Path.GetDirectoryName(target) ?? throw new OutputException($"{outputDirectory}: cannot write to a file-system root.", "choose a folder such as ./output.");
        Directory.CreateDirectory(parent);
        var name = Path.GetFileName(target);
        var staging = Path.Combine(parent, $".{name}.new-{Guid.NewGuid():N}");
        var previous = Path.Combine(parent, $".{name}.old-{Guid.NewGuid():N}");
        try
        {
            foreach (var file in tree.Files.Concat(extraFiles))
            {
                var path = Path.Combine(staging, file.Path.Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, file.Content);
            }

            if (Directory.Exists(target))
            {
                Directory.Move(target, previous);
            }

            try
            {
                Directory.Move(staging, target);
            }
            catch
            {
                if (Directory.Exists(previous))
                {
                    Directory.Move(previous, target);
                }

                throw;
            }

            if (Directory.Exists(previous))
            {
                Directory.Delete(previous, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputException($"{outputDirectory}: could not write the output ({e.Message}); the previous output is unchanged.", "check that the folder is writable and not open in another program.");
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>The folder is replaced as a whole, so it must be empty or one this tool wrote.</summary>
    private static void RefuseForeignFolder(string target)
    {
        if (File.Exists(target))
        {
            throw new OutputException($"{target}: is a file, not a folder.", "choose an output folder.");
        }

        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any() && !File.Exists(Path.Combine(target, BuildManifest.FileName)))
        {
            throw new OutputException(
                $"{target}: the folder has files but no {BuildManifest.FileName}, so it was not written by aovpn-remediations; the build replaces the whole folder.",
                "choose an empty or new folder with --output.");
        }
    }
}

/// <summary>The output folder cannot be written or is not ours.</summary>
public sealed class OutputException(string message, string fix) : Exception(message)
{
    public string Fix { get; } = fix;
}
