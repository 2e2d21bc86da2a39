/*
 * ncpfile.c - ncpserv's file functions: open (0x41, 0x4C), create (0x43
 * truncates, 0x4D fails on an existing file), close, size, read, write (0
 * bytes sets the end of file), commit, erase (wildcards allowed) and
 * rename. Directories are in ncpdir.c.
 *
 * A file handle is 6 bytes: two zero bytes and a 32-bit id that counts from
 * 1 since the last reset, so handles are deterministic. Open files belong to
 * the task that opened them (End of Job closes them). Erase refuses a file
 * open anywhere: 0x8D when some of the matches are in use, 0x8E when all.
 *
 * Before login a station reads SYS:LOGIN and writes nothing: an open for
 * writing is 0x94, a create 0x84, an erase 0x8A (0x41, which predates
 * access rights, opens read-only then). A write that would take a file past
 * --max-file-size is 0x01 (out of disk space) and changes nothing.
 *
 * The volume limit: a volume's files may hold at most --volume-limit bytes
 * more than they did at the last reset (or start). What a write adds to a
 * file's size counts (Server->Grown); erasing a file, emptying it with a
 * create or shortening it with a zero-length write gives its bytes back. A
 * write that would go past the limit is 0x01 too and changes nothing. Sizes
 * are the host's st_size, so a write far past the end counts the hole.
 *
 * Rename (0x45) moves one file within a volume, into another directory if
 * asked: 0x8B before login (no rename right), 0xFF no such file, 0x92 the
 * new name exists, 0x9A another volume, 0x8E the file is open on another
 * connection (the renaming connection's own open handles stay valid).
 * Commit (0x3D) writes the file through to the host's disk (fsync).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qemu/ncpserv/ncpserv.h"

static PNS_FILE NspFindFile(PNS_CONNECTION Connection, const UCHAR *Handle)
{
    ULONG Id = ((ULONG)Handle[2] << 24) | ((ULONG)Handle[3] << 16) |
               ((ULONG)Handle[4] << 8) | Handle[5];
    ULONG Index;

    if (Handle[0] != 0 || Handle[1] != 0 || Id == 0)
        return NULL;
    for (Index = 0; Index < NS_MAX_FILES; Index++)
        if (Connection->Files[Index].InUse && Connection->Files[Index].Id == Id)
            return &Connection->Files[Index];
    return NULL;
}

void NsCloseFiles(PNS_CONNECTION Connection, UCHAR Task, BOOLEAN All)
{
    ULONG Index;
    PNS_FILE File;

    for (Index = 0; Index < NS_MAX_FILES; Index++) {
        File = &Connection->Files[Index];
        if (!File->InUse || (!All && File->Task != Task))
            continue;
        close(File->Fd);
        memset(File, 0, sizeof(*File));
    }
}

/* Is the host file Status describes open on a connection other than
   Except (NULL: on any)? */
BOOLEAN NsOpenElsewhere(PNS_SERVER Server, const NS_CONNECTION *Except,
                        const struct stat *Status)
{
    ULONG Connection, Index;
    const NS_FILE *File;

    for (Connection = 0; Connection < NS_MAX_CONNECTIONS; Connection++) {
        if (&Server->Connections[Connection] == Except)
            continue;
        for (Index = 0; Index < NS_MAX_FILES; Index++) {
            File = &Server->Connections[Connection].Files[Index];
            if (File->InUse && File->Device == Status->st_dev &&
                File->Inode == Status->st_ino)
                return TRUE;
        }
    }
    return FALSE;
}

/* Takes Fd into a free slot and describes the file in the reply. */
static UCHAR NspAdopt(PNS_SERVER Server, PNS_CONNECTION Connection,
                      const NCP_REQUEST *Request, const NS_PATH *Path,
                      int Fd, BOOLEAN Writable, PNCP_REPLY Reply)
{
    PNCP_FILE_INFO Info = &Reply->u.File;
    struct stat Status;
    PNS_FILE File = NULL;
    ULONG Index, Id;

    for (Index = 0; Index < NS_MAX_FILES && !File; Index++)
        if (!Connection->Files[Index].InUse)
            File = &Connection->Files[Index];
    if (!File || fstat(Fd, &Status) < 0 || !S_ISREG(Status.st_mode)) {
        close(Fd);
        return !File ? NCP_E_OUT_OF_HANDLES : NCP_E_FAILURE;
    }
    Id = Server->NextFileId++;
    File->InUse = TRUE;
    File->Writable = Writable;
    File->Task = Request->Header.Task;
    File->Volume = Path->Volume;
    File->Fd = Fd;
    File->Id = Id;
    File->Device = Status.st_dev;
    File->Inode = Status.st_ino;
    memset(Info->Handle, 0, sizeof(Info->Handle));
    Info->Handle[2] = (UCHAR)(Id >> 24);
    Info->Handle[3] = (UCHAR)(Id >> 16);
    Info->Handle[4] = (UCHAR)(Id >> 8);
    Info->Handle[5] = (UCHAR)Id;
    snprintf(Info->Name, sizeof(Info->Name), "%s", NsLastComponent(Path));
    Info->Attributes = NsFileAttributes(&Status);
    Info->Size = (ULONG)Status.st_size;
    NvDosDateTime(Server->Options.Deterministic, Status.st_mtime, &Info->UpdateDate,
                  &Info->UpdateTime);
    Info->CreationDate = Info->AccessDate = Info->UpdateDate;
    return NCP_OK;
}

/* The named file as a path inside a volume, not the volume's root. */
static UCHAR NspResolveFile(PNS_SERVER Server, PNS_CONNECTION Connection,
                            UCHAR DirHandle, const NCP_STRING *Name, PNS_PATH Path)
{
    const char *Text = NsText(Name);
    UCHAR Code;

    if (!Text)
        return NCP_E_INVALID_PATH;
    Code = NsResolvePath(Server, Connection, DirHandle, Text, Path);
    if (Code != NCP_OK)
        return Code;
    return Path->Path[0] == '\0' ? NCP_E_INVALID_PATH : NCP_OK;
}

/* Opens Path's file with Flags, never through a link; errno on failure. */
static int NspOpenHostFile(PNS_SERVER Server, const NS_PATH *Path, int Flags)
{
    const char *Name;
    int Parent = NsOpenParent(Server, Path, &Name), Fd;

    if (Parent < 0) {
        errno = ENOENT;
        return -1;
    }
    Fd = openat(Parent, Name, Flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);
    close(Parent);
    return Fd;
}

UCHAR NsOpenFile(NS_HANDLER_ARGUMENTS)
{
    BOOLEAN Writable;
    NS_PATH Path;
    UCHAR Code;
    int Fd;

    Code = NspResolveFile(Server, Connection, Request->u.Open.DirHandle,
                          &Request->u.Open.Name, &Path);
    if (Code != NCP_OK)
        return Code;
    /* 0x41 predates access rights: reading and writing, once logged in. */
    Writable = Request->Header.Function == NCP_OPEN_FILE_OLD
                   ? Connection->LoggedIn
                   : (Request->u.Open.AccessRights & NCP_ACCESS_WRITE) != 0;
    if (Writable && !Connection->LoggedIn)
        return NCP_E_NO_WRITE;
    Fd = NspOpenHostFile(Server, &Path, Writable ? O_RDWR : O_RDONLY);
    if (Fd < 0)
        return errno == ENOENT || errno == ELOOP || errno == EISDIR ? NCP_E_FAILURE
                                                                   : NCP_E_IO;
    return NspAdopt(Server, Connection, Request, &Path, Fd, Writable, Reply);
}

/* What O_TRUNC would do, with the bytes given back to the volume's limit. */
static void NspEmpty(PNS_SERVER Server, UCHAR Volume, int Fd)
{
    struct stat Status;

    if (fstat(Fd, &Status) == 0 && S_ISREG(Status.st_mode) && Status.st_size != 0 &&
        ftruncate(Fd, 0) == 0)
        Server->Grown[Volume] -= Status.st_size;
}

UCHAR NsCreateFile(NS_HANDLER_ARGUMENTS)
{
    int Flags = O_RDWR | O_CREAT, Fd;
    NS_PATH Path;
    UCHAR Code;

    if (!Connection->LoggedIn)
        return NCP_E_NO_CREATE;
    Code = NspResolveFile(Server, Connection, Request->u.Create.DirHandle,
                          &Request->u.Create.Name, &Path);
    if (Code != NCP_OK)
        return Code;
    if (Request->Header.Function == NCP_CREATE_NEW_FILE)
        Flags |= O_EXCL;
    Fd = NspOpenHostFile(Server, &Path, Flags);
    if (Fd < 0)
        return errno == ENOENT ? NCP_E_INVALID_PATH : NCP_E_FAILURE;
    NspEmpty(Server, Path.Volume, Fd);
    return NspAdopt(Server, Connection, Request, &Path, Fd, TRUE, Reply);
}

UCHAR NsCloseFile(NS_HANDLER_ARGUMENTS)
{
    PNS_FILE File = NspFindFile(Connection, Request->u.File.Handle);

    if (!File)
        return NCP_E_INVALID_HANDLE;
    close(File->Fd);
    memset(File, 0, sizeof(*File));
    return NCP_OK;
}

UCHAR NsFileSize(NS_HANDLER_ARGUMENTS)
{
    PNS_FILE File = NspFindFile(Connection, Request->u.File.Handle);
    struct stat Status;

    if (!File)
        return NCP_E_INVALID_HANDLE;
    if (fstat(File->Fd, &Status) < 0)
        return NCP_E_IO;
    Reply->u.FileSize.Size = (ULONG)Status.st_size;
    return NCP_OK;
}

/* At most the negotiated buffer size per read; 0 bytes at end of file. */
UCHAR NsReadFile(NS_HANDLER_ARGUMENTS)
{
    PNS_FILE File = NspFindFile(Connection, Request->u.Io.Handle);
    ULONG Count = Request->u.Io.Count;
    ssize_t Got;

    if (!File)
        return NCP_E_INVALID_HANDLE;
    if (Count > Connection->BufferSize)
        Count = Connection->BufferSize;
    Got = pread(File->Fd, Scratch, Count, (off_t)Request->u.Io.Offset);
    if (Got < 0)
        return NCP_E_IO;
    Reply->u.Read.Count = (USHORT)Got;
    Reply->u.Read.Data = Scratch;
    return NCP_OK;
}

/* May File's volume take File from Size bytes to End? */
static BOOLEAN NspRoomFor(PNS_SERVER Server, const NS_FILE *File, off_t Size, LONGLONG End)
{
    return NvRoomFor(Server->Grown[File->Volume], Server->Options.VolumeLimit, Size, End);
}

/*
 * Writing 0 bytes sets the file's end at the offset, shorter or longer (the
 * new bytes read as zeros), as on NetWare: how its clients set a size.
 */
UCHAR NsWriteFile(NS_HANDLER_ARGUMENTS)
{
    PNS_FILE File = NspFindFile(Connection, Request->u.Io.Handle);
    ULONG Count = Request->u.Io.Count;
    LONGLONG End = (LONGLONG)Request->u.Io.Offset + Count;
    struct stat Before, After;
    UCHAR Code = NCP_OK;

    if (!File)
        return NCP_E_INVALID_HANDLE;
    if (!File->Writable)
        return NCP_E_NO_WRITE;
    if (End > Server->Options.MaxFileSize)
        return NCP_E_NO_SPACE;
    if (fstat(File->Fd, &Before) < 0)
        return NCP_E_IO;
    if (!NspRoomFor(Server, File, Before.st_size, End))
        return NCP_E_NO_SPACE;
    if (Count == 0)
        Code = ftruncate(File->Fd, (off_t)Request->u.Io.Offset) < 0 ? NCP_E_IO : NCP_OK;
    else if (pwrite(File->Fd, Request->u.Io.Data, Count,
                    (off_t)Request->u.Io.Offset) != (ssize_t)Count)
        Code = NCP_E_IO;
    if (fstat(File->Fd, &After) == 0)
        Server->Grown[File->Volume] += After.st_size - Before.st_size;
    return Code;
}

/* Erases the files of Volume's open directory Dir that Pattern matches. */
static UCHAR NspEraseMatches(PNS_SERVER Server, UCHAR Volume, int Dir, const char *Pattern)
{
    static char Names[NS_MAX_LISTING][NV_NAME_LENGTH + 1];
    struct stat Status;
    int Count = NvListDirectory(Dir, NV_LIST_FILES, Names, NS_MAX_LISTING), Index;
    int Erased = 0, Busy = 0;

    if (Count < 0)
        return NCP_E_INVALID_PATH;
    for (Index = 0; Index < Count; Index++) {
        if (!NvMatchPattern(Pattern, Names[Index]) ||
            fstatat(Dir, Names[Index], &Status, AT_SYMLINK_NOFOLLOW) < 0 ||
            !S_ISREG(Status.st_mode))
            continue;
        if (NsOpenElsewhere(Server, NULL, &Status))
            Busy++;
        else if (unlinkat(Dir, Names[Index], 0) == 0) {
            Server->Grown[Volume] -= Status.st_size;
            Erased++;
        }
    }
    if (Busy)
        return Erased ? NCP_E_SOME_IN_USE : NCP_E_ALL_IN_USE;
    return Erased ? NCP_OK : NCP_E_FAILURE;
}

UCHAR NsEraseFile(NS_HANDLER_ARGUMENTS)
{
    char Directory[NCP_MAX_STRING + 1], Pattern[NCP_MAX_STRING + 1];
    const char *Name = NsText(&Request->u.Open.Name);
    NS_PATH Path;
    UCHAR Code;
    int Dir;

    if (!Connection->LoggedIn)
        return NCP_E_NO_DELETE;
    if (!Name)
        return NCP_E_INVALID_PATH;
    NvSplitPattern(Name, Directory, Pattern);
    Code = NsResolvePath(Server, Connection, Request->u.Open.DirHandle,
                         Directory, &Path);
    if (Code != NCP_OK)
        return Code;
    Dir = NsOpenDirectory(Server, &Path);
    if (Dir < 0)
        return NCP_E_INVALID_PATH;
    Code = NspEraseMatches(Server, Path.Volume, Dir, Pattern);
    close(Dir);
    return Code;
}

/* 0x3D: what was written reaches the disk before the answer. */
UCHAR NsCommitFile(NS_HANDLER_ARGUMENTS)
{
    PNS_FILE File = NspFindFile(Connection, Request->u.File.Handle);

    if (!File)
        return NCP_E_INVALID_HANDLE;
    return fsync(File->Fd) < 0 ? NCP_E_FAILURE : NCP_OK;
}

/* The regular file Path, in its open parent *Parent; 0xFF when it is none. */
static UCHAR NspOpenSource(PNS_SERVER Server, const NS_PATH *Path, int *Parent,
                           const char **Name, struct stat *Status)
{
    *Parent = NsOpenParent(Server, Path, Name);
    if (*Parent < 0)
        return NCP_E_INVALID_PATH;
    if (fstatat(*Parent, *Name, Status, AT_SYMLINK_NOFOLLOW) < 0 ||
        !S_ISREG(Status->st_mode)) {
        close(*Parent);
        return NCP_E_FAILURE;
    }
    return NCP_OK;
}

/* Source's file (open in SourceDir) to Target, which must not exist yet. */
static UCHAR NspMove(PNS_SERVER Server, int SourceDir, const char *SourceName,
                     const NS_PATH *Target)
{
    struct stat Status;
    const char *TargetName;
    int TargetDir = NsOpenParent(Server, Target, &TargetName);
    UCHAR Code = NCP_OK;

    if (TargetDir < 0)
        return NCP_E_INVALID_PATH;
    if (fstatat(TargetDir, TargetName, &Status, AT_SYMLINK_NOFOLLOW) == 0)
        Code = NCP_E_ALL_NAMES_EXIST;
    else if (renameat(SourceDir, SourceName, TargetDir, TargetName) < 0)
        Code = NCP_E_FAILURE;
    close(TargetDir);
    return Code;
}

UCHAR NsRenameFile(NS_HANDLER_ARGUMENTS)
{
    NS_PATH Source, Target;
    struct stat Status;
    const char *Name;
    UCHAR Code;
    int Parent;

    if (!Connection->LoggedIn)
        return NCP_E_NO_RENAME;
    Code = NspResolveFile(Server, Connection, Request->u.Rename.DirHandle,
                          &Request->u.Rename.Name, &Source);
    if (Code == NCP_OK)
        Code = NspResolveFile(Server, Connection, Request->u.Rename.NewDirHandle,
                              &Request->u.Rename.NewName, &Target);
    if (Code != NCP_OK)
        return Code;
    if (Source.Volume != Target.Volume)
        return NCP_E_CROSS_VOLUME;
    Code = NspOpenSource(Server, &Source, &Parent, &Name, &Status);
    if (Code != NCP_OK)
        return Code;
    if (NsOpenElsewhere(Server, Connection, &Status))
        Code = NCP_E_ALL_IN_USE;
    else
        Code = NspMove(Server, Parent, Name, &Target);
    close(Parent);
    return Code;
}
