using HccSim.Reporting.Publishing;

namespace HccSim.Cli.Commands;

/// <summary>
/// A command's files through its claimed folder: written into staging, then published as one set. A write that fails
/// (a full disk, say) fails the command with one line and leaves the previous set as it was.
/// </summary>
internal static class ResultPublishing
{
    /// <summary>
    /// The results folder, claimed for a command of <paramref name="kind"/> before it works: a path through a file, a
    /// folder that cannot be written or one another hccsim holds fails here as one line (exit 2; a full disk, exit 1).
    /// </summary>
    public static OutputFolder Claim(string directory, string kind)
    {
        if (Reporting.ResultWriter.Problem(directory) is { } problem) throw new UsageException(problem);
        try { return OutputFolder.Claim(directory, kind, Program.Version); }
        catch (OutputFolderException e) when (e.InnerException is null || !OutputFolder.IsNoSpace(e.InnerException)) { throw new UsageException(e.Message); }
    }

    /// <summary>
    /// Runs <paramref name="write"/> (which writes into <see cref="OutputFolder.Staging"/>) and returns the names of the
    /// files it wrote (writers give names or paths; the folder publishes names).
    /// </summary>
    public static IReadOnlyList<string> Stage(OutputFolder folder, Func<IEnumerable<string>> write)
    {
        try
        {
            var names = write().Select(p => Path.GetFileName(p)).ToArray();
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
