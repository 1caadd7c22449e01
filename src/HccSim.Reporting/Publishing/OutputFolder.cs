using System.Security.Cryptography;
using System.Text.Json;

namespace HccSim.Reporting.Publishing;

/// <summary>
/// A results folder held by one hccsim for a whole command. It is claimed before anything is simulated: created, locked
/// against a second writer, checked writable, and cleared of what a killed run left (or that run's publication finished).
/// The command writes its files into <see cref="Staging"/>, then <see cref="Publish"/> makes them the folder's set in
/// one journaled step: once the journal is written the new set is committed, and whoever next claims the folder (or
/// <c>hccsim report</c>) finishes moving it into place. So a reader that trusts the journal and the manifest sees the
/// previous complete set or the new complete set, never a mix.
/// </summary>
public sealed class OutputFolder : IDisposable
{
    public const string LockName = ".hccsim.lock";
    public const string OwnerName = ".hccsim.owner";
    public const string JournalName = ".hccsim-publishing.json";
    public const string ManifestPrefix = ".hccsim-set-";

    private readonly FileStream _lock;
    private readonly string _version;
    private bool _created, _published;

    private OutputFolder(string directory, string kind, string version, FileStream held)
    {
        Directory = directory;
        Kind = kind;
        _version = version;
        _lock = held;
        Staging = Path.Combine(directory, $".staging-{kind}-{Environment.ProcessId}");
    }

    /// <summary>The results folder.</summary>
    public string Directory { get; }
    /// <summary>What publishes here: run, psa, dsa, trial, survival, compare, sweep, report.</summary>
    public string Kind { get; }
    /// <summary>Where the command writes its files before <see cref="Publish"/>.</summary>
    public string Staging { get; }

    /// <summary>
    /// Claims <paramref name="directory"/> for a command of <paramref name="kind"/>.
    /// </summary>
    /// <exception cref="OutputFolderException">The folder cannot be created or written, or another hccsim holds it.</exception>
    public static OutputFolder Claim(string directory, string kind, string version)
    {
        string full = Path.GetFullPath(directory);
        bool existed = System.IO.Directory.Exists(full);
        try { System.IO.Directory.CreateDirectory(full); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new OutputFolderException($"--out {directory} cannot be created: {Reason(e)}", e);
        }
        FileStream held;
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock on Unix): the kernel lets it go when the process dies.
            held = new FileStream(Path.Combine(full, LockName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (IsHeldByAnother(e))
        {
            string owner = TryRead(Path.Combine(full, OwnerName))?.Trim() ?? "";
            throw new OutputFolderException($"--out {directory} is being written by another hccsim{(owner.Length > 0 ? $" (pid {owner})" : "")}; wait for it, or choose another folder", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputFolderException($"--out {directory} cannot be written: {Reason(e)}", e);
        }
        var folder = new OutputFolder(full, kind, version, held) { _created = !existed };
        try
        {
            File.WriteAllText(Path.Combine(full, OwnerName), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Recover(full);
            // Writable for real: the staging folder and a probe file in it, before any simulation.
            System.IO.Directory.CreateDirectory(folder.Staging);
            string probe = Path.Combine(folder.Staging, ".probe");
            File.WriteAllText(probe, "hccsim");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            folder.Dispose();
            throw new OutputFolderException(IsNoSpace(e)
                ? $"no space left on device in {directory}; nothing was written"
                : $"--out {directory} cannot be written: {Reason(e)}", e);
        }
        return folder;
    }

    /// <summary>
    /// Makes the staged <paramref name="produced"/> files the folder's set of this kind: any other of
    /// <paramref name="kindFiles"/> is removed, report.html is rebuilt when <paramref name="report"/>, and a manifest of
    /// the set (each file's SHA-256) is written last. Returns the published paths (report.html among them when written).
    /// </summary>
    public IReadOnlyList<string> Publish(IReadOnlyList<string> produced, IReadOnlyList<string> kindFiles, bool report)
    {
        var names = produced.ToList();
        Journal journal;
        try
        {
            // Everything that takes space is written before the commit point, the report too (a full disk then leaves the old set).
            if (report && StageReport(kindFiles)) names.Add(ReportName);
            // The manifest too is written before the commit (finishing is then renames only, which need no space).
            var manifest = names.Where(n => n != ReportName).ToDictionary(n => n, n => Sha256(Path.Combine(Staging, n)));
            File.WriteAllText(Path.Combine(Staging, ManifestName(Kind)), JsonSerializer.Serialize(manifest, new JsonSerializerOptions { WriteIndented = true }));
            // The commit point: a journal written whole (temporary name, then renamed) names a staging folder that holds the set.
            journal = new Journal(Kind, Path.GetFileName(Staging), names.ToArray(), (report ? kindFiles.Append(ReportName) : kindFiles).ToArray());
            WriteWhole(Path.Combine(Directory, JournalName), JsonSerializer.Serialize(journal));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputFolderException(IsNoSpace(e)
                ? $"no space left on device while writing {Directory}; the previous results are unchanged"
                : $"{Directory} cannot be written: {Reason(e)}; the previous results are unchanged", e);
        }
        _published = true;
        TestHook.At("committed");
        Finish(Directory, journal); // renames only: needs no space
        return names.Select(n => Path.Combine(Directory, n)).ToArray();
    }

    private const string ReportName = "report.html";

    /// <summary>
    /// report.html of the folder as it will be, built in staging: the staged files, and (through symbolic links, which
    /// take no space) every other entry of the folder the report reads — other kinds' files and the psa/, dsa/, sweep/,
    /// trial/ folders — but not this kind's old files, which the set replaces. Whether a report was written.
    /// </summary>
    private bool StageReport(IReadOnlyList<string> kindFiles)
    {
        var links = new List<string>();
        try
        {
            foreach (var entry in System.IO.Directory.EnumerateFileSystemEntries(Directory))
            {
                string name = Path.GetFileName(entry);
                if (name.StartsWith('.') || name == ReportName || kindFiles.Contains(name) || File.Exists(Path.Combine(Staging, name))) continue;
                string link = Path.Combine(Staging, name);
                if (System.IO.Directory.Exists(entry)) System.IO.Directory.CreateSymbolicLink(link, entry); else File.CreateSymbolicLink(link, entry);
                links.Add(link);
            }
            return Html.HtmlReport.Write(Staging, _version) is not null;
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or FormatException)
        {
            // Another file of the folder cannot be read (edited by hand, say): this set is published without a report
            // rather than with one of another set; `hccsim report` says what is wrong with the file.
            return false;
        }
        finally
        {
            foreach (var link in links) File.Delete(link); // the link, not what it points to
        }
    }

    /// <summary>The manifest this folder holds for <paramref name="kind"/>: file name → SHA-256, or null when none.</summary>
    public static IReadOnlyDictionary<string, string>? Manifest(string directory, string kind)
    {
        string? text = TryRead(Path.Combine(directory, ManifestName(kind)));
        if (text is null) return null;
        try { return JsonSerializer.Deserialize<Dictionary<string, string>>(text); }
        catch (JsonException) { return null; }
    }

    /// <summary>Files of the folder's published sets that are not the file their manifest names (edited or replaced since).</summary>
    public static IReadOnlyList<string> Mismatches(string directory)
    {
        var bad = new List<string>();
        foreach (var path in System.IO.Directory.EnumerateFiles(directory, ManifestPrefix + "*.json"))
        {
            string kind = Path.GetFileNameWithoutExtension(path)[ManifestPrefix.Length..];
            foreach (var (name, sha) in Manifest(directory, kind) ?? new Dictionary<string, string>())
            {
                string file = Path.Combine(directory, name);
                if (!File.Exists(file) || Sha256(file) != sha) bad.Add(name);
            }
        }
        return bad;
    }

    public void Dispose()
    {
        // After the commit, a journal still there means finishing failed: its staging folder holds the rest of the set,
        // which the next claim moves into place, so it stays.
        bool unfinished = _published && File.Exists(Path.Combine(Directory, JournalName));
        try { if (!unfinished && System.IO.Directory.Exists(Staging)) System.IO.Directory.Delete(Staging, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // the next claim clears it
        TryDelete(Path.Combine(Directory, OwnerName));
        // A folder this command created and never published into goes again: a failed or interrupted run leaves no trace.
        if (_created && !_published)
        {
            TryDelete(Path.Combine(Directory, LockName));
            _lock.Dispose();
            try { System.IO.Directory.Delete(Directory); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // not empty
            return;
        }
        _lock.Dispose();
    }

    /// <summary>
    /// What a killed command left: a committed publication is finished (its staging folder holds the rest of the set);
    /// staging folders and temporary files of uncommitted ones are removed — only hccsim's own patterns, never anything
    /// else. The caller holds the lock, so no live hccsim owns them.
    /// </summary>
    private static void Recover(string directory)
    {
        string journalPath = Path.Combine(directory, JournalName);
        if (TryRead(journalPath) is { } text)
        {
            Journal? journal = null;
            try { journal = JsonSerializer.Deserialize<Journal>(text); }
            catch (JsonException) { }
            if (journal is { Kind: not null, Staging: not null, Produced: not null, KindFiles: not null }
                && System.IO.Directory.Exists(Path.Combine(directory, journal.Staging)))
                Finish(directory, journal);
            else File.Delete(journalPath);
        }
        // Only what a process that is gone left: shards write side by side without the lock, and their temporary files
        // (NAME.tmp-PID) must survive a claim while they run.
        foreach (var d in System.IO.Directory.EnumerateDirectories(directory, ".staging-*"))
            if (Dead(d)) System.IO.Directory.Delete(d, recursive: true);
        foreach (var f in System.IO.Directory.EnumerateFiles(directory, "*.tmp-*"))
            if (Dead(f)) File.Delete(f);
    }

    /// <summary>Whether the process whose id ends <paramref name="path"/> (…-PID) is no longer running; false when there is no id.</summary>
    private static bool Dead(string path)
    {
        string name = Path.GetFileName(path);
        int dash = name.LastIndexOf('-');
        if (dash < 0 || !int.TryParse(name.AsSpan(dash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pid)) return false;
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException) { return true; } // no such process
        catch (InvalidOperationException) { return true; }
    }

    /// <summary>Moves what is still staged into place, removes the kind's other files, writes the manifest.</summary>
    private static void Finish(string directory, Journal j)
    {
        string staging = Path.Combine(directory, j.Staging);
        foreach (var name in j.Produced)
        {
            string from = Path.Combine(staging, name);
            if (File.Exists(from)) File.Move(from, Path.Combine(directory, name), overwrite: true);
            TestHook.At("moved " + name);
        }
        foreach (var name in j.KindFiles.Where(f => !j.Produced.Contains(f))) TryDelete(Path.Combine(directory, name));
        // The manifest (staged before the commit; report.html left out, as any later publication rebuilds it) goes last.
        string manifest = Path.Combine(staging, ManifestName(j.Kind));
        if (File.Exists(manifest)) File.Move(manifest, Path.Combine(directory, ManifestName(j.Kind)), overwrite: true);
        File.Delete(Path.Combine(directory, JournalName));
        if (System.IO.Directory.Exists(staging)) System.IO.Directory.Delete(staging, recursive: true);
    }

    private sealed record Journal(string Kind, string Staging, string[] Produced, string[] KindFiles);

    private static string ManifestName(string kind) => ManifestPrefix + kind + ".json";

    private static void WriteWhole(string path, string content)
    {
        string temporary = $"{path}.tmp-{Environment.ProcessId}";
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static string? TryRead(string path)
    {
        try { return File.Exists(path) ? File.ReadAllText(path) : null; }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>The lock is held: a sharing violation (32) or EWOULDBLOCK/EAGAIN (11) from the advisory lock.</summary>
    private static bool IsHeldByAnother(IOException e)
        => (e.HResult & 0xFFFF) is 32 or 11 || e.Message.Contains("being used by another process", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The disk or the quota is full: ENOSPC (28), EDQUOT (122), or .NET's own disk-full codes (ERROR_DISK_FULL 112,
    /// ERROR_HANDLE_DISK_FULL 39), which it also raises when preallocating a file fails.
    /// </summary>
    public static bool IsNoSpace(Exception e)
        => e is IOException && ((e.HResult & 0xFFFF) is 28 or 122 or 112 or 39
            || e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase)
            || e.Message.Contains("disk was full", StringComparison.OrdinalIgnoreCase));

    private static string Reason(Exception e) => IsNoSpace(e) ? "no space left on device" : e.Message;
}

/// <summary>A results folder that cannot be claimed or written: one line for the user, no stack trace.</summary>
public sealed class OutputFolderException(string message, Exception? inner = null) : Exception(message, inner);
