using HccSim.Reporting.Publishing;

namespace HccSim.Cli.Commands;

/// <summary>
/// A command's files through its claimed folder: written into staging, then published as one set. A write that fails
/// (a full disk, say) fails the command with one line and leaves the previous set as it was.
/// </summary>
internal static class ResultPublishing
{
    /// <summary>Runs <paramref name="write"/> (which writes into <see cref="OutputFolder.Staging"/>) and returns the names it wrote.</summary>
    public static IReadOnlyList<string> Stage(OutputFolder folder, Func<IReadOnlyList<string>> write)
    {
        try
        {
            var names = write();
            TestHook.At("staged");
            return names;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputFolderException(OutputFolder.IsNoSpace(e)
                ? $"no space left on device while writing {folder.Directory}; the previous results are unchanged"
                : $"{folder.Directory} could not be written ({e.Message}); the previous results are unchanged", e);
        }
    }

    /// <summary>Publishes the staged files as the folder's set of its kind; the published paths.</summary>
    public static IReadOnlyList<string> Publish(OutputFolder folder, IReadOnlyList<string> staged, IReadOnlyList<string> kindFiles, bool report)
    {
        try { return folder.Publish(staged, kindFiles, report); }
        catch (OutputFolderException) { throw; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Past the commit point the new set is whole in staging: the next hccsim to claim the folder moves the rest.
            throw new OutputFolderException($"{folder.Directory}: publishing the results failed ({e.Message}); the next hccsim command in this folder (or hccsim report) completes it", e);
        }
    }
}
