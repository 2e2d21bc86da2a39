/*
 * srvfile.c - smbserv's files: SMB paths in the share, and OPEN,
 * OPEN_ANDX, CREATE, CREATE_NEW, CLOSE, FLUSH, READ, WRITE, DELETE,
 * RENAME, QUERY_INFORMATION and SET_INFORMATION.
 *
 * A path is relative to the share's root, '\' or '/' between names, a
 * leading separator or none; it becomes a netvol path (netvol.h) a
 * component at a time, upper-cased: ".." above the root is
 * ERRDOS/ERRbadpath, a name DOS could not hold ERRDOS/ERRinvalidname. On
 * the host a file is opened in its parent, found without following a
 * link, with O_NOFOLLOW: a link is no file (ERRDOS/ERRbadfile).
 *
 * Errors, as a DOS-era server gives them: ERRbadfile no such file,
 * ERRbadpath no such directory on the way, ERRfilexists CREATE_NEW (or
 * OPEN_ANDX told to fail) on an existing name or a rename onto one,
 * ERRbadfid a Fid not this connection's, ERRnoaccess a write through a
 * handle opened for reading or a directory opened as a file, ERRbadshare
 * DELETE or RENAME of a file open on another connection (the renaming
 * connection's own handles stay valid), ERRHRD/ERRdiskfull a write that
 * would take a file past --max-file-size, or the share past its limit
 * (nothing changes either way).
 *
 * The volume limit (netvol.h's rule, ncpserv's too): the share's files may
 * hold at most --volume-limit bytes more than they did at the last reset
 * (or start), counted in Server->Grown as the host's file sizes. A WRITE's
 * growth counts, a hole it leaves too; DELETE, CREATE or OPEN_ANDX's
 * truncation of an existing file, and a WRITE of 0 bytes that shortens,
 * give bytes back; overwriting and renaming cost nothing.
 *
 * A Fid counts from 1 since the last reset, so that replies are
 * deterministic. A WRITE of 0 bytes sets the file's end at its offset,
 * shorter or longer, as core SMB has it. DELETE takes DOS's wildcards
 * (srvdir.c) in its last component. Times are seconds since 1970; in
 * deterministic mode every time reported is 1 July 1996, 12:00 UTC.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qemu/smbserv/smbserv.h"

#define SRV_FIXED_TIME 836222400UL   /* 1 July 1996, 12:00:00 UTC */

SRV_ERROR SrvResolvePath(const char *SmbPath, char Path[NV_PATH_MAX])
{
    char Component[NV_PATH_MAX];
    size_t Length, Index;

    Path[0] = '\0';
    while (*SmbPath) {
        Length = strcspn(SmbPath, "\\/");
        if (Length >= sizeof(Component))
            return SRV_DOS(SMB_ERRinvalidname);
        for (Index = 0; Index < Length; Index++)
            Component[Index] = (char)(SmbPath[Index] >= 'a' && SmbPath[Index] <= 'z'
                                          ? SmbPath[Index] - 32 : SmbPath[Index]);
        Component[Length] = '\0';
        if (Path[0] == '\0' && strcmp(Component, "..") == 0)
            return SRV_DOS(SMB_ERRbadpath);
        if (!NvAppend(Path, Component))
            return SRV_DOS(SMB_ERRinvalidname);
        SmbPath += Length + (SmbPath[Length] != '\0');
    }
    return SRV_OK;
}

ULONG SrvUnixTime(PSRV_SERVER Server, time_t When)
{
    return Server->Options.Deterministic ? SRV_FIXED_TIME : (ULONG)When;
}

USHORT SrvAttributes(const struct stat *Status)
{
    return S_ISDIR(Status->st_mode) ? SMB_ATTR_DIRECTORY : SMB_ATTR_ARCHIVE;
}

/* Closes the connection's files opened through Tid (0: all of them). */
void SrvCloseFiles(PSRV_CONNECTION Connection, USHORT Tid)
{
    ULONG Index;

    for (Index = 0; Index < SRV_MAX_FILES; Index++) {
        if (!Connection->Files[Index].InUse ||
            (Tid != 0 && Connection->Files[Index].Tid != Tid))
            continue;
        close(Connection->Files[Index].Fd);
        memset(&Connection->Files[Index], 0, sizeof(SRV_FILE));
    }
}

static PSRV_FILE SrvpFindFile(PSRV_CONNECTION Connection, USHORT Fid)
{
    ULONG Index;

    for (Index = 0; Index < SRV_MAX_FILES; Index++)
        if (Connection->Files[Index].InUse && Connection->Files[Index].Fid == Fid)
            return &Connection->Files[Index];
    return NULL;
}

/* Is the host file Status describes open on a connection other than Except? */
static BOOLEAN SrvpOpenElsewhere(PSRV_SERVER Server, const SRV_CONNECTION *Except,
                                 const struct stat *Status)
{
    const SRV_FILE *File;
    ULONG Connection, Index;

    for (Connection = 0; Connection < SRV_MAX_CONNECTIONS; Connection++) {
        if (&Server->Connections[Connection] == Except)
            continue;
        for (Index = 0; Index < SRV_MAX_FILES; Index++) {
            File = &Server->Connections[Connection].Files[Index];
            if (File->InUse && File->Device == Status->st_dev && File->Inode == Status->st_ino)
                return TRUE;
        }
    }
    return FALSE;
}

/* The parent folder of the path SmbPath names (not the root), and its name. */
static SRV_ERROR SrvpOpenParent(PSRV_SERVER Server, const char *SmbPath,
                                char Path[NV_PATH_MAX], const char **Name, int *Parent)
{
    SRV_ERROR Error = SrvResolvePath(SmbPath, Path);

    if (Error != SRV_OK)
        return Error;
    if (Path[0] == '\0')
        return SRV_DOS(SMB_ERRnoaccess);
    *Parent = NvOpenParent(Server->Options.Root, SRV_SHARE_NAME, Path, Name);
    return *Parent < 0 ? SRV_DOS(SMB_ERRbadpath) : SRV_OK;
}

static SRV_ERROR SrvpErrno(int Error)
{
    switch (Error) {
    case ENOENT: case ELOOP: return SRV_DOS(SMB_ERRbadfile);
    case EEXIST: return SRV_DOS(SMB_ERRfilexists);
    case EISDIR: case EACCES: case EPERM: return SRV_DOS(SMB_ERRnoaccess);
    case ENOTDIR: return SRV_DOS(SMB_ERRbadpath);
    case ENOSPC: case EFBIG: return SRV_HRD(SMB_ERRdiskfull);
    }
    return SRV_HRD(SMB_ERRgeneral);
}

/* Opens SmbPath's file with Flags, never through a link; *Fd or an error. */
static SRV_ERROR SrvpOpenHostFile(PSRV_SERVER Server, const char *SmbPath, int Flags, int *Fd)
{
    char Path[NV_PATH_MAX];
    const char *Name;
    SRV_ERROR Error;
    int Parent;

    Error = SrvpOpenParent(Server, SmbPath, Path, &Name, &Parent);
    if (Error != SRV_OK)
        return Error;
    *Fd = openat(Parent, Name, Flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);
    Error = *Fd < 0 ? SrvpErrno(errno) : SRV_OK;
    close(Parent);
    return Error;
}

/* What O_TRUNC would do, with the bytes given back to the share's limit. */
static void SrvpEmpty(PSRV_SERVER Server, int Fd)
{
    struct stat Status;

    if (fstat(Fd, &Status) == 0 && S_ISREG(Status.st_mode) && Status.st_size != 0 &&
        ftruncate(Fd, 0) == 0)
        Server->Grown -= Status.st_size;
}

/* Takes Fd into a free slot (its Fid in *Adopted) and describes it. */
static SRV_ERROR SrvpAdopt(PSRV_SERVER Server, PSRV_CONNECTION Connection, USHORT Tid, int Fd,
                          BOOLEAN Writable, PSRV_FILE *Adopted, struct stat *Status)
{
    PSRV_FILE File = NULL;
    ULONG Index;

    for (Index = 0; Index < SRV_MAX_FILES && !File; Index++)
        if (!Connection->Files[Index].InUse)
            File = &Connection->Files[Index];
    if (!File || fstat(Fd, Status) < 0 || !S_ISREG(Status->st_mode)) {
        close(Fd);
        return !File ? SRV_DOS(SMB_ERRnofids) : SRV_DOS(SMB_ERRnoaccess);
    }
    File->InUse = TRUE;
    File->Writable = Writable;
    File->Fid = Server->NextFid++;
    if (Server->NextFid == 0 || Server->NextFid == 0xFFFF)
        Server->NextFid = 1;
    File->Tid = Tid;
    File->Fd = Fd;
    File->Device = Status->st_dev;
    File->Inode = Status->st_ino;
    *Adopted = File;
    return SRV_OK;
}

static BOOLEAN SrvpWritable(USHORT AccessMode)
{
    USHORT Access = AccessMode & SMB_ACCESS_MASK;

    return Access == SMB_ACCESS_WRITE || Access == SMB_ACCESS_READ_WRITE;
}

SRV_ERROR SrvOpen(SRV_HANDLER_ARGUMENTS)
{
    BOOLEAN Writable = SrvpWritable(Request->u.Open.AccessMode);
    struct stat Status;
    PSRV_FILE File;
    SRV_ERROR Error;
    int Fd;

    Error = SrvpOpenHostFile(Server, Request->u.Open.Name, Writable ? O_RDWR : O_RDONLY, &Fd);
    if (Error == SRV_OK)
        Error = SrvpAdopt(Server, Connection, Request->Header.Tid, Fd, Writable, &File, &Status);
    if (Error != SRV_OK)
        return Error;
    Reply->u.Open.Fid = File->Fid;
    Reply->u.Open.FileAttributes = SrvAttributes(&Status);
    Reply->u.Open.LastWriteTime = SrvUnixTime(Server, Status.st_mtime);
    Reply->u.Open.FileSize = (ULONG)Status.st_size;
    Reply->u.Open.AccessMode = Request->u.Open.AccessMode & SMB_ACCESS_MASK;
    return SRV_OK;
}

/* OPEN_ANDX's open function as open(2) flags; the action it will report. */
static int SrvpOpenFlags(USHORT Function, BOOLEAN Writable)
{
    int Flags = Writable ? O_RDWR : O_RDONLY;

    if (Function & SMB_OPEN_CREATE)
        Flags |= O_CREAT;
    if ((Function & SMB_OPEN_EXISTS_MASK) == SMB_OPEN_FAIL_IF_EXISTS)
        Flags |= O_CREAT | O_EXCL;
    if ((Function & SMB_OPEN_EXISTS_MASK) == SMB_OPEN_TRUNCATE)
        Flags |= O_TRUNC | (Writable ? 0 : O_RDWR);
    return Flags;
}

SRV_ERROR SrvOpenAndX(SRV_HANDLER_ARGUMENTS)
{
    USHORT Function = Request->u.OpenAndX.OpenFunction;
    BOOLEAN Writable = SrvpWritable(Request->u.OpenAndX.AccessMode);
    int Flags = SrvpOpenFlags(Function, Writable), Fd;
    struct stat Status;
    PSRV_FILE File;
    SRV_ERROR Error;

    /* Fail-if-exists without create asks for nothing that could succeed. */
    if ((Function & SMB_OPEN_EXISTS_MASK) == SMB_OPEN_FAIL_IF_EXISTS &&
        !(Function & SMB_OPEN_CREATE))
        return SRV_DOS(SMB_ERRinvalidparam);
    Error = SrvpOpenHostFile(Server, Request->u.OpenAndX.Name, Flags & ~(O_CREAT | O_TRUNC),
                             &Fd);
    if (Error == SRV_DOS(SMB_ERRbadfile) && (Flags & O_CREAT)) {
        Error = SrvpOpenHostFile(Server, Request->u.OpenAndX.Name, Flags & ~O_TRUNC, &Fd);
        Reply->u.OpenAndX.Action = SMB_ACTION_CREATED;
    } else if (Error == SRV_OK && (Flags & O_EXCL)) {
        close(Fd);
        Error = SRV_DOS(SMB_ERRfilexists);
    } else {
        Reply->u.OpenAndX.Action = (Flags & O_TRUNC) ? SMB_ACTION_TRUNCATED
                                                     : SMB_ACTION_OPENED;
        if (Error == SRV_OK && (Flags & O_TRUNC))
            SrvpEmpty(Server, Fd);
    }
    if (Error == SRV_OK)
        Error = SrvpAdopt(Server, Connection, Request->Header.Tid, Fd,
                          Writable || (Flags & O_TRUNC), &File, &Status);
    if (Error != SRV_OK)
        return Error;
    Reply->u.OpenAndX.AndX.Command = SMB_NO_ANDX;
    Reply->u.OpenAndX.Fid = File->Fid;
    Reply->u.OpenAndX.FileAttributes = SrvAttributes(&Status);
    Reply->u.OpenAndX.LastWriteTime = SrvUnixTime(Server, Status.st_mtime);
    Reply->u.OpenAndX.DataSize = (ULONG)Status.st_size;
    Reply->u.OpenAndX.GrantedAccess = Request->u.OpenAndX.AccessMode & SMB_ACCESS_MASK;
    return SRV_OK;
}

/* CREATE empties an existing file; CREATE_NEW fails on one. */
SRV_ERROR SrvCreate(SRV_HANDLER_ARGUMENTS)
{
    int Flags = O_RDWR | O_CREAT, Fd;
    struct stat Status;
    PSRV_FILE File;
    SRV_ERROR Error;

    if (Request->Header.Command == SMB_COM_CREATE_NEW)
        Flags |= O_EXCL;
    Error = SrvpOpenHostFile(Server, Request->u.Create.Name, Flags, &Fd);
    if (Error == SRV_DOS(SMB_ERRbadfile))
        Error = SRV_DOS(SMB_ERRbadpath);        /* O_CREAT: the folder is missing */
    if (Error == SRV_OK)
        SrvpEmpty(Server, Fd);
    if (Error == SRV_OK)
        Error = SrvpAdopt(Server, Connection, Request->Header.Tid, Fd, TRUE, &File, &Status);
    if (Error != SRV_OK)
        return Error;
    Reply->u.Create.Fid = File->Fid;
    return SRV_OK;
}

/* A last-write time the client gives (0 and 0xFFFFFFFF: leave it), set
   on the open file Fd, or on Name in the open folder Directory. */
static void SrvpSetTime(int Directory, const char *Name, int Fd, ULONG When)
{
    struct timespec Times[2] = { { 0, UTIME_OMIT }, { (time_t)When, 0 } };

    if (When == 0 || When == 0xFFFFFFFF)
        return;
    if (Name)
        utimensat(Directory, Name, Times, AT_SYMLINK_NOFOLLOW);
    else
        futimens(Fd, Times);
}

SRV_ERROR SrvClose(SRV_HANDLER_ARGUMENTS)
{
    PSRV_FILE File = SrvpFindFile(Connection, Request->u.File.Fid);

    if (!File)
        return SRV_DOS(SMB_ERRbadfid);
    SrvpSetTime(-1, NULL, File->Fd, Request->u.File.LastWriteTime);
    close(File->Fd);
    memset(File, 0, sizeof(*File));
    return SRV_OK;
}

/* FLUSH: one file's writes to the host's disk, or (Fid 0xFFFF) all of them. */
SRV_ERROR SrvFlush(SRV_HANDLER_ARGUMENTS)
{
    PSRV_FILE File = SrvpFindFile(Connection, Request->u.File.Fid);
    ULONG Index;

    if (Request->u.File.Fid == 0xFFFF) {
        for (Index = 0; Index < SRV_MAX_FILES; Index++)
            if (Connection->Files[Index].InUse)
                fsync(Connection->Files[Index].Fd);
        return SRV_OK;
    }
    if (!File)
        return SRV_DOS(SMB_ERRbadfid);
    return fsync(File->Fd) < 0 ? SRV_HRD(SMB_ERRwrite) : SRV_OK;
}

/* At most what fits one reply (and the client's buffer); 0 at the end. */
SRV_ERROR SrvRead(SRV_HANDLER_ARGUMENTS)
{
    PSRV_FILE File = SrvpFindFile(Connection, Request->u.Io.Fid);
    ULONG Room = SMB_MAX_MESSAGE - (SMB_HEADER_LENGTH + 1 + 10 + 2 + 3);
    ULONG Count = Request->u.Io.Count;
    ssize_t Got;

    if (!File)
        return SRV_DOS(SMB_ERRbadfid);
    if (Connection->ClientBuffer > SMB_HEADER_LENGTH + 16 &&
        Connection->ClientBuffer < SMB_MAX_MESSAGE)
        Room = Connection->ClientBuffer - (SMB_HEADER_LENGTH + 16);
    if (Count > Room)
        Count = Room;
    Got = pread(File->Fd, Scratch, Count, (off_t)Request->u.Io.Offset);
    if (Got < 0)
        return SRV_HRD(SMB_ERRgeneral);
    Reply->u.Read.Count = (USHORT)Got;
    Reply->u.Read.Data = Scratch;
    return SRV_OK;
}

SRV_ERROR SrvWrite(SRV_HANDLER_ARGUMENTS)
{
    PSRV_FILE File = SrvpFindFile(Connection, Request->u.Io.Fid);
    ULONG Count = Request->u.Io.Count;
    off_t Offset = (off_t)Request->u.Io.Offset;
    LONGLONG End = (LONGLONG)Offset + Count;
    struct stat Before, After;
    SRV_ERROR Error = SRV_OK;

    if (!File)
        return SRV_DOS(SMB_ERRbadfid);
    if (!File->Writable)
        return SRV_DOS(SMB_ERRnoaccess);
    if (End > (LONGLONG)Server->Options.MaxFileSize)
        return SRV_HRD(SMB_ERRdiskfull);
    if (fstat(File->Fd, &Before) < 0)
        return SRV_HRD(SMB_ERRgeneral);
    if (!NvRoomFor(Server->Grown, Server->Options.VolumeLimit, Before.st_size, End))
        return SRV_HRD(SMB_ERRdiskfull);
    if (Count == 0)
        Error = ftruncate(File->Fd, Offset) < 0 ? SrvpErrno(errno) : SRV_OK;
    else if (pwrite(File->Fd, Request->u.Io.Data, Count, Offset) != (ssize_t)Count)
        Error = SRV_HRD(SMB_ERRwrite);
    if (fstat(File->Fd, &After) == 0)
        Server->Grown += After.st_size - Before.st_size;
    Reply->u.Write.Count = Error == SRV_OK ? (USHORT)Count : 0;
    return Error;
}

/* Deletes the files in the open folder Dir that Pattern (DOS's) matches. */
static SRV_ERROR SrvpDeleteMatches(PSRV_SERVER Server, int Dir, const char *Pattern)
{
    static char Names[SRV_MAX_LISTING][NV_NAME_LENGTH + 1];
    int Count = NvListDirectory(Dir, NV_LIST_FILES, Names, SRV_MAX_LISTING), Index;
    int Deleted = 0, Busy = 0;
    struct stat Status;

    for (Index = 0; Index < Count; Index++) {
        if (!NvMatchPattern(Pattern, Names[Index]) ||
            fstatat(Dir, Names[Index], &Status, AT_SYMLINK_NOFOLLOW) < 0)
            continue;
        if (SrvpOpenElsewhere(Server, NULL, &Status)) {
            Busy++;
        } else if (unlinkat(Dir, Names[Index], 0) == 0) {
            Server->Grown -= Status.st_size;
            Deleted++;
        }
    }
    if (Busy)
        return SRV_DOS(SMB_ERRbadshare);
    return Deleted ? SRV_OK : SRV_DOS(SMB_ERRbadfile);
}

SRV_ERROR SrvDelete(SRV_HANDLER_ARGUMENTS)
{
    char Directory[SMB_MAX_PATH + 1], Pattern[SMB_MAX_PATH + 1], Dos[SMB_MAX_PATH + 1];
    char Path[NV_PATH_MAX];
    SRV_ERROR Error;
    int Dir;

    NvSplitPattern(Request->u.Delete.Name, Directory, Pattern);
    Error = SrvResolvePath(Directory, Path);
    if (Error == SRV_OK)
        Error = SrvCheckPattern(Pattern);
    if (Error != SRV_OK)
        return Error;
    Dir = NvOpenDirectory(Server->Options.Root, SRV_SHARE_NAME, Path);
    if (Dir < 0)
        return SRV_DOS(SMB_ERRbadpath);
    SrvDosPattern(Pattern, Dos);
    Error = SrvpDeleteMatches(Server, Dir, Dos);
    close(Dir);
    return Error;
}

/* Moves the entry Name of the open folder SourceDir to NewName, free. */
static SRV_ERROR SrvpMove(PSRV_SERVER Server, int SourceDir, const char *Name,
                          const char *NewName)
{
    char Path[NV_PATH_MAX];
    const char *TargetName;
    struct stat Status;
    SRV_ERROR Error;
    int TargetDir;

    Error = SrvpOpenParent(Server, NewName, Path, &TargetName, &TargetDir);
    if (Error != SRV_OK)
        return Error;
    if (fstatat(TargetDir, TargetName, &Status, AT_SYMLINK_NOFOLLOW) == 0)
        Error = SRV_DOS(SMB_ERRfilexists);
    else if (renameat(SourceDir, Name, TargetDir, TargetName) < 0)
        Error = SrvpErrno(errno);
    close(TargetDir);
    return Error;
}

SRV_ERROR SrvRename(SRV_HANDLER_ARGUMENTS)
{
    char Path[NV_PATH_MAX];
    struct stat Status;
    const char *Name;
    SRV_ERROR Error;
    int Parent;

    Error = SrvpOpenParent(Server, Request->u.Rename.Name, Path, &Name, &Parent);
    if (Error != SRV_OK)
        return Error;
    if (fstatat(Parent, Name, &Status, AT_SYMLINK_NOFOLLOW) < 0 ||
        !(S_ISREG(Status.st_mode) || S_ISDIR(Status.st_mode)))
        Error = SRV_DOS(SMB_ERRbadfile);
    else if (SrvpOpenElsewhere(Server, Connection, &Status))
        Error = SRV_DOS(SMB_ERRbadshare);
    else
        Error = SrvpMove(Server, Parent, Name, Request->u.Rename.NewName);
    close(Parent);
    return Error;
}

/* The file or folder SmbPath names (the root too), by fstatat. */
static SRV_ERROR SrvpStat(PSRV_SERVER Server, const char *SmbPath, struct stat *Status,
                          ULONG SetTime)
{
    char Path[NV_PATH_MAX];
    const char *Name;
    SRV_ERROR Error;
    int Parent;

    Error = SrvResolvePath(SmbPath, Path);
    if (Error == SRV_OK && Path[0] == '\0') {
        Parent = NvOpenDirectory(Server->Options.Root, SRV_SHARE_NAME, "");
        Error = Parent >= 0 && fstat(Parent, Status) == 0 ? SRV_OK : SRV_DOS(SMB_ERRbadpath);
        if (Parent >= 0)
            close(Parent);
        return Error;
    }
    Error = SrvpOpenParent(Server, SmbPath, Path, &Name, &Parent);
    if (Error != SRV_OK)
        return Error;
    if (fstatat(Parent, Name, Status, AT_SYMLINK_NOFOLLOW) < 0 ||
        !(S_ISREG(Status->st_mode) || S_ISDIR(Status->st_mode)))
        Error = SRV_DOS(SMB_ERRbadfile);
    else
        SrvpSetTime(Parent, Name, -1, SetTime);
    close(Parent);
    return Error;
}

SRV_ERROR SrvQueryInformation(SRV_HANDLER_ARGUMENTS)
{
    struct stat Status;
    SRV_ERROR Error = SrvpStat(Server, Request->u.Path.Name, &Status, 0);

    if (Error != SRV_OK)
        return Error;
    Reply->u.QueryInformation.FileAttributes = SrvAttributes(&Status);
    Reply->u.QueryInformation.LastWriteTime = SrvUnixTime(Server, Status.st_mtime);
    Reply->u.QueryInformation.FileSize = S_ISDIR(Status.st_mode) ? 0 : (ULONG)Status.st_size;
    return SRV_OK;
}

/* The host keeps no DOS attributes: only the last-write time is set. */
SRV_ERROR SrvSetInformation(SRV_HANDLER_ARGUMENTS)
{
    struct stat Status;

    return SrvpStat(Server, Request->u.SetInformation.Name, &Status,
                    Request->u.SetInformation.LastWriteTime);
}
