using System.Runtime.InteropServices;

namespace HccSim.Scenarios.Yaml;

/// <summary>What a path names, asked before it is opened: only a regular file is ever read.</summary>
internal enum FileKind { Missing, Regular, Directory, Device, Fifo, Socket, Unknown }

/// <summary>
/// The kind of file at a path, from the operating system's own stat. .NET reports a FIFO, a socket and /dev/zero alike
/// as a "Normal" file of length 0, and opening a FIFO to read blocks until someone writes: so the kind is asked first.
/// </summary>
internal static partial class FileKinds
{
    /// <summary>The kind of file <paramref name="path"/> names, following symbolic links.</summary>
    public static FileKind Of(string path)
    {
        if (Directory.Exists(path)) return FileKind.Directory;
        if (!File.Exists(path)) return FileKind.Missing;
        int? mode = null;
        try
        {
            // Elsewhere (Windows, macOS) .NET's view is taken: the bounded read still stops an endless device.
            if (!OperatingSystem.IsLinux()) return FileKind.Regular;
            mode = LinuxMode(path);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return FileKind.Regular; // a C library without statx (glibc before 2.28): .NET's view, as elsewhere
        }
        return mode switch
        {
            null => FileKind.Missing,
            var m => (m & 0xF000) switch
            {
                0x8000 => FileKind.Regular,
                0x4000 => FileKind.Directory,
                0x2000 or 0x6000 => FileKind.Device,
                0x1000 => FileKind.Fifo,
                0xC000 => FileKind.Socket,
                _ => FileKind.Unknown,
            },
        };
    }

    /// <summary>How a file that is not a regular one is described: "is a device, not a regular file".</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Missing => "no such file",
        FileKind.Directory => "is a directory, not a regular file",
        FileKind.Device => "is a device, not a regular file",
        FileKind.Fifo => "is a named pipe (FIFO), not a regular file",
        FileKind.Socket => "is a socket, not a regular file",
        FileKind.Unknown => "is not a regular file",
        _ => "is a regular file",
    };

    // statx has one layout on every Linux architecture (stat does not): stx_mode is the u16 at byte 28 of 256.
    private const int AtFdCwd = -100, StatxType = 0x1, RegularFileMode = 0x8000;

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, [Out] byte[] buffer);

    private static int? LinuxMode(string path)
    {
        var buffer = new byte[256];
        if (Statx(AtFdCwd, path, 0, StatxType, buffer) == 0) return BitConverter.ToUInt16(buffer, 28);
        // Only "no such file" (ENOENT 2, ENOTDIR 20) means missing; a statx the kernel or a sandbox refuses (ENOSYS,
        // EPERM) leaves .NET's view, as on a system without statx.
        return Marshal.GetLastPInvokeError() is 2 or 20 ? null : RegularFileMode;
    }
}
