/*
 * ncpdir.c - ncpserv's directory functions: Create Directory (0x16/0x0A),
 * Delete Directory (0x16/0x0B), the directory search (0x3E File Search
 * Initialize, 0x3F File Search Continue) and Scan File Information
 * (0x17/0x0F).
 *
 * Searches belong to the connection: 0x3E gives a directory an id (index +
 * 1 in the connection's table, reused oldest first when it is full); 0x3F
 * walks the directory's sorted listing, files only or, when the search
 * attributes ask for 0x10, directories only, and returns the first match
 * of the pattern (NetWare's wildcards, qemu/netvol) after the given sequence
 * (0xFFFF = from the start). The sequence in a reply is the entry's index
 * in that listing. The login boundary is checked again at every 0x3F.
 *
 * Scan File Information finds a file by name (or the next one a pattern
 * matches, after the sequence it is given, 0xFFFF first) in one exchange
 * with no search state on the server: name, attributes, size, the dates,
 * owner. NetWare's own tools (NDIR, FLAG) and DOS shells ask a file's
 * attributes this way; 0xFF when there is none.
 *
 * Create Directory: 0x84 before login, 0xFF when the name exists, 0x9C when
 * the parent does not. Delete Directory: 0x8A before login, 0x9C no such
 * directory (or a volume's root), 0xA0 not empty, 0x9F a directory handle
 * of another connection is on it or below it (the deleting connection's
 * own handles there go stale).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qemu/ncpserv/ncpserv.h"

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

/* Name's dates: created (the host keeps no such date: the last change),
   last accessed, last changed. */
static void NspDates(PNS_SERVER Server, const struct stat *Status, PUSHORT Created,
                     PUSHORT Accessed, PUSHORT Updated, PUSHORT UpdateTime)
{
    BOOLEAN Fixed = Server->Options.Deterministic;
    USHORT Unused;

    NvDosDateTime(Fixed, Status->st_mtime, Updated, UpdateTime);
    NvDosDateTime(Fixed, Status->st_atime, Accessed, &Unused);
    *Created = *Updated;
}

/* Describes Name, found in the open directory Dir, for a 0x3F reply. */
static UCHAR NspDescribe(PNS_SERVER Server, int Dir, const char *Name,
                         BOOLEAN IsDirectory, PNCP_SEARCH_ENTRY Entry)
{
    struct stat Status;
    USHORT Accessed, Updated;

    if (fstatat(Dir, Name, &Status, AT_SYMLINK_NOFOLLOW) < 0)
        return NCP_E_FAILURE;
    snprintf(Entry->Name, sizeof(Entry->Name), "%s", Name);
    Entry->Attributes = NsFileAttributes(&Status);
    if (IsDirectory) {
        /* A directory's entry has its creation date and time only. */
        NspDates(Server, &Status, &Entry->CreationDate, &Accessed, &Updated,
                 &Entry->CreationTime);
        Entry->Rights = NS_RIGHTS_ALL;
        Entry->Owner = NS_SUPERVISOR_ID;
        return NCP_OK;
    }
    NspDates(Server, &Status, &Entry->CreationDate, &Entry->AccessDate, &Entry->UpdateDate,
             &Entry->UpdateTime);
    Entry->Size = (ULONG)Status.st_size;
    return NCP_OK;
}

/* The first name in Dir's listing after Sequence that Pattern matches. */
static UCHAR NspSearchNext(PNS_SERVER Server, int Dir, const NCP_REQUEST *Request,
                           PNCP_REPLY Reply)
{
    static char Names[NS_MAX_LISTING][NV_NAME_LENGTH + 1];
    USHORT Sequence = Request->u.SearchContinue.Sequence;
    BOOLEAN Directories = (Request->u.SearchContinue.SearchAttributes &
                           NCP_ATTR_DIRECTORY) != 0;
    int Count = NvListDirectory(Dir, Directories ? NV_LIST_DIRECTORIES : NV_LIST_FILES,
                                Names, NS_MAX_LISTING), Index;

    for (Index = Sequence == 0xFFFF ? 0 : Sequence + 1; Index < Count; Index++) {
        if (!NvMatchPattern(Request->u.SearchContinue.Pattern.Text, Names[Index]))
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

/* The named directory or file (not a volume's root) as a path. */
static UCHAR NspResolveEntry(PNS_SERVER Server, PNS_CONNECTION Connection,
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

UCHAR NsCreateDirectory(NS_HANDLER_ARGUMENTS)
{
    const char *Name;
    NS_PATH Path;
    UCHAR Code;
    int Parent, Made;

    if (!Connection->LoggedIn)
        return NCP_E_NO_CREATE;
    Code = NspResolveEntry(Server, Connection, Request->u.Directory.DirHandle,
                           &Request->u.Directory.Path, &Path);
    if (Code != NCP_OK)
        return Code;
    Parent = NsOpenParent(Server, &Path, &Name);
    if (Parent < 0)
        return NCP_E_INVALID_PATH;
    Made = mkdirat(Parent, Name, 0755);
    Code = Made == 0 ? NCP_OK : errno == EEXIST ? NCP_E_FAILURE : NCP_E_INVALID_PATH;
    close(Parent);
    return Code;
}

/* Is Inner the directory Outer or one below it? */
static BOOLEAN NspWithin(const NS_PATH *Inner, const NS_PATH *Outer)
{
    size_t Length = strlen(Outer->Path);

    return Inner->Volume == Outer->Volume && strncmp(Inner->Path, Outer->Path, Length) == 0 &&
           (Inner->Path[Length] == '\0' || Inner->Path[Length] == '/');
}

/* Does a connection other than Except hold a directory handle in Path? */
static BOOLEAN NspDirectoryInUse(PNS_SERVER Server, const NS_CONNECTION *Except,
                                 const NS_PATH *Path)
{
    const NS_CONNECTION *Connection;
    ULONG Index, Handle;

    for (Index = 0; Index < NS_MAX_CONNECTIONS; Index++) {
        Connection = &Server->Connections[Index];
        if (!Connection->InUse || Connection == Except)
            continue;
        for (Handle = 0; Handle < NS_MAX_DIR_HANDLES; Handle++)
            if (Connection->DirHandles[Handle].InUse &&
                NspWithin(&Connection->DirHandles[Handle].Directory, Path))
                return TRUE;
    }
    return FALSE;
}

UCHAR NsDeleteDirectory(NS_HANDLER_ARGUMENTS)
{
    const char *Name;
    NS_PATH Path;
    UCHAR Code;
    int Dir, Parent;

    if (!Connection->LoggedIn)
        return NCP_E_NO_DELETE;
    Code = NspResolveEntry(Server, Connection, Request->u.Directory.DirHandle,
                           &Request->u.Directory.Path, &Path);
    if (Code != NCP_OK)
        return Code;
    Dir = NsOpenDirectory(Server, &Path);
    if (Dir < 0)
        return NCP_E_INVALID_PATH;
    close(Dir);
    if (NspDirectoryInUse(Server, Connection, &Path))
        return NCP_E_DIRECTORY_IN_USE;
    Parent = NsOpenParent(Server, &Path, &Name);
    if (Parent < 0)
        return NCP_E_INVALID_PATH;
    Code = unlinkat(Parent, Name, AT_REMOVEDIR) == 0 ? NCP_OK
           : errno == ENOTEMPTY || errno == EEXIST ? NCP_E_DIRECTORY_NOT_EMPTY
                                                   : NCP_E_FAILURE;
    close(Parent);
    return Code;
}

/* Describes the file Name in the open directory Dir for a 0x17/0x0F reply. */
static UCHAR NspDescribeFile(PNS_SERVER Server, int Dir, const char *Name,
                             PNCP_FILE_ENTRY Entry)
{
    struct stat Status;

    if (fstatat(Dir, Name, &Status, AT_SYMLINK_NOFOLLOW) < 0)
        return NCP_E_FAILURE;
    snprintf(Entry->Name, sizeof(Entry->Name), "%s", Name);
    Entry->Attributes = NsFileAttributes(&Status);
    Entry->Size = (ULONG)Status.st_size;
    NspDates(Server, &Status, &Entry->CreationDate, &Entry->AccessDate, &Entry->UpdateDate,
             &Entry->UpdateTime);
    Entry->Owner = NS_SUPERVISOR_ID;
    return NCP_OK;
}

/* The first file in the open directory Dir after Sequence that Pattern matches. */
static UCHAR NspScanNext(PNS_SERVER Server, int Dir, USHORT Sequence, const char *Pattern,
                         PNCP_FILE_ENTRY Entry)
{
    static char Names[NS_MAX_LISTING][NV_NAME_LENGTH + 1];
    int Count = NvListDirectory(Dir, NV_LIST_FILES, Names, NS_MAX_LISTING), Index;

    for (Index = Sequence == 0xFFFF ? 0 : Sequence + 1; Index < Count; Index++) {
        if (!NvMatchPattern(Pattern, Names[Index]))
            continue;
        Entry->Sequence = (USHORT)Index;
        return NspDescribeFile(Server, Dir, Names[Index], Entry);
    }
    return NCP_E_FAILURE;
}

UCHAR NsScanFileInfo(NS_HANDLER_ARGUMENTS)
{
    char Directory[NCP_MAX_STRING + 1], Pattern[NCP_MAX_STRING + 1];
    const char *Name = NsText(&Request->u.ScanFile.Name);
    NS_PATH Path;
    UCHAR Code;
    int Dir;

    if (!Name)
        return NCP_E_INVALID_PATH;
    NvSplitPattern(Name, Directory, Pattern);
    Code = NsResolvePath(Server, Connection, Request->u.ScanFile.DirHandle, Directory, &Path);
    if (Code != NCP_OK)
        return Code;
    Dir = NsOpenDirectory(Server, &Path);
    if (Dir < 0)
        return NCP_E_INVALID_PATH;
    Code = NspScanNext(Server, Dir, Request->u.ScanFile.Sequence, Pattern,
                       &Reply->u.FileEntry);
    close(Dir);
    return Code;
}
