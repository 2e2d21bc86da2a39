/*
 * ncpfile.c - ncpserv's file functions: open (0x41, 0x4C), create (0x43
 * truncates, 0x4D fails on an existing file), close, size, read, write,
 * erase (wildcards allowed) and the directory search 0x3E/0x3F.
 *
 * A file handle is 6 bytes: two zero bytes and a 32-bit id that counts from
 * 1 since the last reset, so handles are deterministic. Open files belong to
 * the task that opened them (End of Job closes them). A file open anywhere
 * cannot be erased (0x8A).
 *
 * Searches: 0x3E gives a directory an id (index + 1 in the server's table,
 * kept until reset); 0x3F walks the directory's sorted listing, files only
 * or, when the search attributes ask for 0x10, directories only, and
 * returns the first match after the given sequence (0xFFFF = from the
 * start). The sequence in a reply is the entry's index in that listing.
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

static BOOLEAN NspOpenAnywhere(PNS_SERVER Server, const char *HostPath)
{
    ULONG Connection, Index;

    for (Connection = 0; Connection < NS_MAX_CONNECTIONS; Connection++)
        for (Index = 0; Index < NS_MAX_FILES; Index++)
            if (Server->Connections[Connection].Files[Index].InUse &&
                strcmp(Server->Connections[Connection].Files[Index].HostPath,
                       HostPath) == 0)
                return TRUE;
    return FALSE;
}

/* Takes Fd into a free slot and describes the file in the reply. */
static UCHAR NspAdopt(PNS_SERVER Server, PNS_CONNECTION Connection,
                      const NCP_REQUEST *Request, const NS_PATH *Path,
                      const char *Host, int Fd, BOOLEAN Writable,
                      PNCP_REPLY Reply)
{
    PNCP_FILE_INFO Info = &Reply->u.File;
    struct stat Status;
    PNS_FILE File = NULL;
    ULONG Index, Id;

    for (Index = 0; Index < NS_MAX_FILES && !File; Index++)
        if (!Connection->Files[Index].InUse)
            File = &Connection->Files[Index];
    if (!File || fstat(Fd, &Status) < 0) {
        close(Fd);
        return File ? NCP_E_IO : NCP_E_OUT_OF_HANDLES;
    }
    Id = Server->NextFileId++;
    File->InUse = TRUE;
    File->Writable = Writable;
    File->Task = Request->Header.Task;
    File->Fd = Fd;
    File->Id = Id;
    snprintf(File->HostPath, sizeof(File->HostPath), "%s", Host);
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

/* The named file as a path and a host path; the path names something. */
static UCHAR NspResolveFile(PNS_SERVER Server, PNS_CONNECTION Connection,
                            UCHAR DirHandle, const char *Name, PNS_PATH Path,
                            char *Host)
{
    UCHAR Code = NsResolvePath(Server, Connection, DirHandle, Name, Path);

    if (Code != NCP_OK)
        return Code;
    if (Path->Path[0] == '\0' ||
        NsHostPath(Server, Path, Host, NS_HOST_PATH_MAX) < 0)
        return NCP_E_INVALID_PATH;
    return NCP_OK;
}

UCHAR NsOpenFile(NS_HANDLER_ARGUMENTS)
{
    char Host[NS_HOST_PATH_MAX];
    BOOLEAN Writable;
    struct stat Status;
    NS_PATH Path;
    UCHAR Code;
    int Fd;

    Code = NspResolveFile(Server, Connection, Request->u.Open.DirHandle,
                          Request->u.Open.Name.Text, &Path, Host);
    if (Code != NCP_OK)
        return Code;
    if (stat(Host, &Status) < 0 || !S_ISREG(Status.st_mode))
        return NCP_E_FAILURE;       /* no such file */
    /* 0x41 predates access rights and opens for reading and writing. */
    Writable = Request->Header.Function == NCP_OPEN_FILE_OLD ||
               (Request->u.Open.AccessRights & NCP_ACCESS_WRITE) != 0;
    Fd = open(Host, Writable ? O_RDWR : O_RDONLY);
    if (Fd < 0)
        return NCP_E_IO;
    return NspAdopt(Server, Connection, Request, &Path, Host, Fd, Writable,
                    Reply);
}

UCHAR NsCreateFile(NS_HANDLER_ARGUMENTS)
{
    char Host[NS_HOST_PATH_MAX];
    int Flags = O_RDWR | O_CREAT, Fd;
    NS_PATH Path;
    UCHAR Code;

    Code = NspResolveFile(Server, Connection, Request->u.Create.DirHandle,
                          Request->u.Create.Name.Text, &Path, Host);
    if (Code != NCP_OK)
        return Code;
    Flags |= Request->Header.Function == NCP_CREATE_NEW_FILE ? O_EXCL : O_TRUNC;
    Fd = open(Host, Flags, 0644);
    if (Fd < 0)
        return errno == ENOENT ? NCP_E_INVALID_PATH : NCP_E_FAILURE;
    return NspAdopt(Server, Connection, Request, &Path, Host, Fd, TRUE, Reply);
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

UCHAR NsEraseFile(NS_HANDLER_ARGUMENTS)
{
    char Directory[NCP_MAX_STRING + 1], Pattern[NCP_MAX_STRING + 1];
    char Names[NS_MAX_LISTING][NCP_FILE_NAME_LENGTH + 1];
    char Host[NS_HOST_PATH_MAX];
    NS_PATH Path, File;
    int Count, Index, Erased = 0, Busy = 0;
    UCHAR Code;

    NspSplit(Request->u.Open.Name.Text, Directory, Pattern);
    Code = NsResolvePath(Server, Connection, Request->u.Open.DirHandle,
                         Directory, &Path);
    if (Code != NCP_OK)
        return Code;
    Count = NsListDirectory(Server, &Path, FALSE, Names, NS_MAX_LISTING);
    if (Count < 0)
        return NCP_E_INVALID_PATH;
    for (Index = 0; Index < Count; Index++) {
        if (!NsMatchPattern(Pattern, Names[Index]))
            continue;
        if (NsChildPath(&Path, Names[Index], &File) != NCP_OK ||
            NsHostPath(Server, &File, Host, sizeof(Host)) < 0)
            continue;
        if (NspOpenAnywhere(Server, Host))
            Busy++;
        else if (unlink(Host) == 0)
            Erased++;
    }
    if (Busy)
        return NCP_E_NO_DELETE;
    return Erased ? NCP_OK : NCP_E_FAILURE;
}

UCHAR NsSearchInit(NS_HANDLER_ARGUMENTS)
{
    char Host[NS_HOST_PATH_MAX];
    struct stat Status;
    NS_PATH Path;
    ULONG Index;
    UCHAR Code;

    Code = NsResolvePath(Server, Connection, Request->u.SearchInit.DirHandle,
                         Request->u.SearchInit.Path.Text, &Path);
    if (Code != NCP_OK)
        return Code;
    if (NsHostPath(Server, &Path, Host, sizeof(Host)) < 0 ||
        stat(Host, &Status) < 0 || !S_ISDIR(Status.st_mode))
        return NCP_E_INVALID_PATH;
    for (Index = 0; Index < Server->DirectoryCount; Index++)
        if (Server->Directories[Index].Volume == Path.Volume &&
            strcmp(Server->Directories[Index].Path, Path.Path) == 0)
            break;
    if (Index == NS_MAX_DIRECTORIES)
        return NCP_E_FAILURE;
    if (Index == Server->DirectoryCount)
        Server->Directories[Server->DirectoryCount++] = Path;
    Reply->u.SearchInit.Volume = Path.Volume;
    Reply->u.SearchInit.DirectoryId = (USHORT)(Index + 1);
    Reply->u.SearchInit.Sequence = 0xFFFF;
    Reply->u.SearchInit.Rights = 0xFF;
    return NCP_OK;
}

/* Describes Name, found in Directory, for a 0x3F reply. */
static UCHAR NspDescribe(PNS_SERVER Server, const NS_PATH *Directory,
                         const char *Name, BOOLEAN IsDirectory,
                         PNCP_SEARCH_ENTRY Entry)
{
    char Host[NS_HOST_PATH_MAX];
    struct stat Status;
    NS_PATH Path;
    USHORT Time;

    if (NsChildPath(Directory, Name, &Path) != NCP_OK ||
        NsHostPath(Server, &Path, Host, sizeof(Host)) < 0 ||
        stat(Host, &Status) < 0)
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

UCHAR NsSearchContinue(NS_HANDLER_ARGUMENTS)
{
    char Names[NS_MAX_LISTING][NCP_FILE_NAME_LENGTH + 1];
    USHORT Id = Request->u.SearchContinue.DirectoryId;
    USHORT Sequence = Request->u.SearchContinue.Sequence;
    BOOLEAN Directories = (Request->u.SearchContinue.SearchAttributes &
                           NCP_ATTR_DIRECTORY) != 0;
    const NS_PATH *Directory;
    int Count, Index;

    if (Id == 0 || Id > Server->DirectoryCount ||
        Server->Directories[Id - 1].Volume != Request->u.SearchContinue.Volume)
        return NCP_E_FAILURE;
    Directory = &Server->Directories[Id - 1];
    Count = NsListDirectory(Server, Directory, Directories, Names,
                            NS_MAX_LISTING);
    for (Index = Sequence == 0xFFFF ? 0 : Sequence + 1; Index < Count; Index++) {
        if (!NsMatchPattern(Request->u.SearchContinue.Pattern.Text,
                            Names[Index]))
            continue;
        Reply->u.SearchEntry.Sequence = (USHORT)Index;
        Reply->u.SearchEntry.DirectoryId = Id;
        return NspDescribe(Server, Directory, Names[Index], Directories,
                           &Reply->u.SearchEntry);
    }
    return NCP_E_FAILURE;                   /* no more matching files */
}
