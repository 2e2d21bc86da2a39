/*
 * ncpfile.c - ncpserv's file functions: open (0x41, 0x4C), create (0x43
 * truncates, 0x4D fails on an existing file), close, size, read, write,
 * erase (wildcards allowed) and the directory search 0x3E/0x3F.
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
 * Searches belong to the connection: 0x3E gives a directory an id (index +
 * 1 in the connection's table, reused oldest first when it is full); 0x3F
 * walks the directory's sorted listing, files only or, when the search
 * attributes ask for 0x10, directories only, and returns the first match
 * after the given sequence (0xFFFF = from the start). The sequence in a
 * reply is the entry's index in that listing. The login boundary is
 * checked again at every 0x3F.
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

static BOOLEAN NspOpenAnywhere(PNS_SERVER Server, const struct stat *Status)
{
    ULONG Connection, Index;
    const NS_FILE *File;

    for (Connection = 0; Connection < NS_MAX_CONNECTIONS; Connection++)
        for (Index = 0; Index < NS_MAX_FILES; Index++) {
            File = &Server->Connections[Connection].Files[Index];
            if (File->InUse && File->Device == Status->st_dev &&
                File->Inode == Status->st_ino)
                return TRUE;
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
    Info->Size = (ULONG)Status.st_size;
    NsDosDateTime(Server, Status.st_mtime, &Info->UpdateDate, &Info->UpdateTime);
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
    Flags |= Request->Header.Function == NCP_CREATE_NEW_FILE ? O_EXCL : O_TRUNC;
    Fd = NspOpenHostFile(Server, &Path, Flags);
    if (Fd < 0)
        return errno == ENOENT ? NCP_E_INVALID_PATH : NCP_E_FAILURE;
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

/* Writing 0 bytes cuts the file at the offset, as on NetWare. */
UCHAR NsWriteFile(NS_HANDLER_ARGUMENTS)
{
    PNS_FILE File = NspFindFile(Connection, Request->u.Io.Handle);
    ULONG Count = Request->u.Io.Count;

    if (!File)
        return NCP_E_INVALID_HANDLE;
    if (!File->Writable)
        return NCP_E_NO_WRITE;
    if ((unsigned long long)Request->u.Io.Offset + Count > Server->Options.MaxFileSize)
        return NCP_E_NO_SPACE;
    if (Count == 0)
        return ftruncate(File->Fd, (off_t)Request->u.Io.Offset) < 0 ? NCP_E_IO
                                                                  : NCP_OK;
    if (pwrite(File->Fd, Request->u.Io.Data, Count,
               (off_t)Request->u.Io.Offset) != (ssize_t)Count)
        return NCP_E_IO;
    return NCP_OK;
}

/* Splits "DIR\PATTERN" into the directory part and the last component. */
static void NspSplit(const char *Name, char *Directory, char *Pattern)
{
    const char *Cut = NULL, *Scan;

    for (Scan = Name; *Scan; Scan++)
        if (*Scan == '/' || *Scan == '\\' || *Scan == ':')
            Cut = Scan;
    if (!Cut) {
        Directory[0] = '\0';
        strcpy(Pattern, Name);
        return;
    }
    memcpy(Directory, Name, (size_t)(Cut - Name + 1));
    Directory[Cut - Name + 1] = '\0';
    strcpy(Pattern, Cut + 1);
}

/* Erases the files of the open directory Dir that Pattern matches. */
static UCHAR NspEraseMatches(PNS_SERVER Server, int Dir, const char *Pattern)
{
    static char Names[NS_MAX_LISTING][NCP_FILE_NAME_LENGTH + 1];
    struct stat Status;
    int Count = NsListDirectory(Dir, FALSE, Names, NS_MAX_LISTING), Index;
    int Erased = 0, Busy = 0;

    if (Count < 0)
        return NCP_E_INVALID_PATH;
    for (Index = 0; Index < Count; Index++) {
        if (!NsMatchPattern(Pattern, Names[Index]) ||
            fstatat(Dir, Names[Index], &Status, AT_SYMLINK_NOFOLLOW) < 0 ||
            !S_ISREG(Status.st_mode))
            continue;
        if (NspOpenAnywhere(Server, &Status))
            Busy++;
        else if (unlinkat(Dir, Names[Index], 0) == 0)
            Erased++;
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
    NspSplit(Name, Directory, Pattern);
    Code = NsResolvePath(Server, Connection, Request->u.Open.DirHandle,
                         Directory, &Path);
    if (Code != NCP_OK)
        return Code;
    Dir = NsOpenDirectory(Server, &Path);
    if (Dir < 0)
        return NCP_E_INVALID_PATH;
    Code = NspEraseMatches(Server, Dir, Pattern);
    close(Dir);
    return Code;
}

/* The connection's search id for Path: the one it has, or a new slot. */
static ULONG NspSearchSlot(PNS_CONNECTION Connection, const NS_PATH *Path)
{
    ULONG Index;

    for (Index = 0; Index < Connection->SearchCount; Index++)
        if (Connection->Searches[Index].Volume == Path->Volume &&
            strcmp(Connection->Searches[Index].Path, Path->Path) == 0)
            return Index;
    if (Connection->SearchCount < NS_MAX_SEARCHES)
        Index = Connection->SearchCount++;
    else
        Index = Connection->SearchNext++ % NS_MAX_SEARCHES;
    Connection->Searches[Index] = *Path;
    return Index;
}

UCHAR NsSearchInit(NS_HANDLER_ARGUMENTS)
{
    const char *Text = NsText(&Request->u.SearchInit.Path);
    NS_PATH Path;
    ULONG Index;
    UCHAR Code;
    int Dir;

    if (!Text)
        return NCP_E_INVALID_PATH;
    Code = NsResolvePath(Server, Connection, Request->u.SearchInit.DirHandle, Text, &Path);
    if (Code != NCP_OK)
        return Code;
    Dir = NsOpenDirectory(Server, &Path);
    if (Dir < 0)
        return NCP_E_INVALID_PATH;
    close(Dir);
    Index = NspSearchSlot(Connection, &Path);
    Reply->u.SearchInit.Volume = Path.Volume;
    Reply->u.SearchInit.DirectoryId = (USHORT)(Index + 1);
    Reply->u.SearchInit.Sequence = 0xFFFF;
    Reply->u.SearchInit.Rights = Connection->LoggedIn ? NS_RIGHTS_ALL : NS_RIGHTS_READ_ONLY;
    return NCP_OK;
}

/* Describes Name, found in the open directory Dir, for a 0x3F reply. */
static UCHAR NspDescribe(PNS_SERVER Server, int Dir, const char *Name,
                         BOOLEAN IsDirectory, PNCP_SEARCH_ENTRY Entry)
{
    struct stat Status;
    USHORT Time;

    if (fstatat(Dir, Name, &Status, AT_SYMLINK_NOFOLLOW) < 0)
        return NCP_E_FAILURE;
    snprintf(Entry->Name, sizeof(Entry->Name), "%s", Name);
    NsDosDateTime(Server, Status.st_mtime, &Entry->UpdateDate, &Time);
    Entry->CreationDate = Entry->AccessDate = Entry->UpdateDate;
    Entry->UpdateTime = Time;
    if (IsDirectory) {
        Entry->Attributes = NCP_ATTR_DIRECTORY;
        Entry->Rights = 0xFF;
        Entry->CreationTime = Time;
        Entry->Owner = 1;                   /* SUPERVISOR's object id */
        return NCP_OK;
    }
    Entry->Size = (ULONG)Status.st_size;
    return NCP_OK;
}

/* The first name in Dir's listing after Sequence that Pattern matches. */
static UCHAR NspSearchNext(PNS_SERVER Server, int Dir, const NCP_REQUEST *Request,
                           PNCP_REPLY Reply)
{
    static char Names[NS_MAX_LISTING][NCP_FILE_NAME_LENGTH + 1];
    USHORT Sequence = Request->u.SearchContinue.Sequence;
    BOOLEAN Directories = (Request->u.SearchContinue.SearchAttributes &
                           NCP_ATTR_DIRECTORY) != 0;
    int Count = NsListDirectory(Dir, Directories, Names, NS_MAX_LISTING), Index;

    for (Index = Sequence == 0xFFFF ? 0 : Sequence + 1; Index < Count; Index++) {
        if (!NsMatchPattern(Request->u.SearchContinue.Pattern.Text, Names[Index]))
            continue;
        Reply->u.SearchEntry.Sequence = (USHORT)Index;
        Reply->u.SearchEntry.DirectoryId = Request->u.SearchContinue.DirectoryId;
        return NspDescribe(Server, Dir, Names[Index], Directories, &Reply->u.SearchEntry);
    }
    return NCP_E_FAILURE;                   /* no more matching files */
}

UCHAR NsSearchContinue(NS_HANDLER_ARGUMENTS)
{
    USHORT Id = Request->u.SearchContinue.DirectoryId;
    const NS_PATH *Directory;
    UCHAR Code;
    int Dir;

    if (Id == 0 || Id > Connection->SearchCount ||
        Connection->Searches[Id - 1].Volume != Request->u.SearchContinue.Volume)
        return NCP_E_FAILURE;
    Directory = &Connection->Searches[Id - 1];
    if (!NsVisible(Connection, Directory))
        return NCP_E_INVALID_PATH;
    Dir = NsOpenDirectory(Server, Directory);
    if (Dir < 0)
        return NCP_E_FAILURE;
    Code = NspSearchNext(Server, Dir, Request, Reply);
    close(Dir);
    return Code;
}
