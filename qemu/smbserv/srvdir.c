/*
 * srvdir.c - smbserv's directories: the core SEARCH, CREATE_DIRECTORY,
 * DELETE_DIRECTORY, CHECK_DIRECTORY and QUERY_INFORMATION_DISK.
 *
 * SEARCH. The first call names a folder and a pattern ("\MAILDATA\*.*")
 * and gets a slot in the connection's search table (the oldest is reused
 * when it is full); each entry returned carries a resume key whose server
 * part says which slot (byte 0, index + 1), where in the folder's sorted
 * listing to go on (bytes 1-2) and which search it belongs to (bytes 3-4,
 * counted across every connection since the reset), so that a key from a
 * search whose slot was reused, or from another connection's search,
 * finds nothing. A call with a resume key goes on from there; when nothing is
 * left the answer is ERRDOS/ERRnofiles and the slot is freed. A pattern
 * has DOS's wildcards: '*' any run within the name or the extension, '?'
 * one character or none at the end of either, '.' the dot (netvol.h), so
 * "*.*" and "????????.???" find everything. Files are listed always,
 * folders when the search attributes ask for them (0x10); a search for the
 * volume label alone (0x08) finds the share's name. There are no "." and
 * ".." entries: the listing holds only names a file could have.
 *
 * Directories: CREATE_DIRECTORY of an existing name is ERRDOS/ERRfilexists,
 * with a missing parent ERRDOS/ERRbadpath; DELETE_DIRECTORY of the root is
 * ERRDOS/ERRnoaccess, of a folder with something in it
 * ERRDOS/ERRdirnotempty; CHECK_DIRECTORY of what is not a folder
 * ERRDOS/ERRbadpath. QUERY_INFORMATION_DISK gives the host's figures, or
 * in deterministic mode 64 MiB with 32 MiB free.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "qemu/smbserv/smbserv.h"

/* SMB's wildcards as netvol's DOS ones; letters in upper case. */
void SrvDosPattern(const char *Pattern, char *Out)
{
    for (; *Pattern; Pattern++, Out++) {
        switch (*Pattern) {
        case '*': *Out = (char)0xAA; break;
        case '?': *Out = (char)0xBF; break;
        case '.': *Out = (char)0xAE; break;
        default:
            *Out = (char)(*Pattern >= 'a' && *Pattern <= 'z' ? *Pattern - 32 : *Pattern);
        }
    }
    *Out = '\0';
}

/* A last component without wildcards names one file, so it must be a name
   DOS could hold (no device, no final dot): SRV_OK or ERRDOS/ERRinvalidname. */
SRV_ERROR SrvCheckPattern(const char *Pattern)
{
    char Name[SMB_MAX_PATH + 1];
    size_t Index;

    if (Pattern[0] == '\0' || strpbrk(Pattern, "*?"))
        return SRV_OK;
    for (Index = 0; Pattern[Index] && Index < SMB_MAX_PATH; Index++)
        Name[Index] = (char)(Pattern[Index] >= 'a' && Pattern[Index] <= 'z'
                                 ? Pattern[Index] - 32 : Pattern[Index]);
    Name[Index] = '\0';
    return NvValidName(Name) ? SRV_OK : SRV_DOS(SMB_ERRinvalidname);
}

/* "README.TXT" as "README  TXT": the resume key's form of a name. */
static void SrvpName83(const char *Name, CHAR Out[SMB_NAME83_LENGTH])
{
    const char *Dot = strchr(Name, '.');
    size_t Base = Dot ? (size_t)(Dot - Name) : strlen(Name);

    memset(Out, ' ', SMB_NAME83_LENGTH);
    memcpy(Out, Name, Base > 8 ? 8 : Base);
    if (Dot)
        memcpy(Out + 8, Dot + 1, strnlen(Dot + 1, 3));
}

/* A new search of SmbPattern's folder; its slot, or an error. */
static SRV_ERROR SrvpBeginSearch(PSRV_SERVER Server, PSRV_CONNECTION Connection,
                                 const SMB_REQUEST *Request, ULONG *Slot)
{
    char Directory[SMB_MAX_PATH + 1], Pattern[SMB_MAX_PATH + 1], Path[NV_PATH_MAX];
    PSRV_SEARCH Search;
    SRV_ERROR Error;
    ULONG Index, Oldest = 0;
    int Dir;

    NvSplitPattern(Request->u.Search.Pattern, Directory, Pattern);
    Error = SrvResolvePath(Directory, Path);
    if (Error == SRV_OK)
        Error = SrvCheckPattern(Pattern);
    if (Error != SRV_OK)
        return Error;
    Dir = NvOpenDirectory(Server->Options.Root, SRV_SHARE_NAME, Path);
    if (Dir < 0)
        return SRV_DOS(SMB_ERRbadpath);
    close(Dir);
    for (Index = 0; Index < SRV_MAX_SEARCHES; Index++) {
        if (!Connection->Searches[Index].InUse)
            break;
        if (Connection->Searches[Index].Made < Connection->Searches[Oldest].Made)
            Oldest = Index;
    }
    *Slot = Index < SRV_MAX_SEARCHES ? Index : Oldest;
    Search = &Connection->Searches[*Slot];
    Search->InUse = TRUE;
    Search->Made = ++Server->SearchesMade;
    Search->Attributes = Request->u.Search.SearchAttributes;
    strcpy(Search->Directory, Path);
    SrvDosPattern(Pattern[0] ? Pattern : "*.*", Search->Pattern);
    return SRV_OK;
}

/* The slot and position a resume key names, if its search is still there. */
static BOOLEAN SrvpResume(PSRV_CONNECTION Connection, const SMB_RESUME_KEY *Key, ULONG *Slot,
                          ULONG *Position)
{
    const UCHAR *State = Key->ServerState;
    USHORT Made = (USHORT)(State[3] | (State[4] << 8));

    *Slot = (ULONG)State[0] - 1;
    *Position = (ULONG)(State[1] | (State[2] << 8));
    return State[0] != 0 && *Slot < SRV_MAX_SEARCHES && Connection->Searches[*Slot].InUse &&
           (USHORT)Connection->Searches[*Slot].Made == Made;
}

/* Entry Name (in the open folder Dir) as one encoded entry at Out; Next
   is where its resume key goes on. */
static SRV_ERROR SrvpEntry(PSRV_SERVER Server, int Dir, const char *Name, ULONG Slot,
                           ULONG Next, USHORT Made, const SMB_RESUME_KEY *Asked, PUCHAR Out)
{
    SMB_DIRECTORY_ENTRY Entry;
    struct stat Status;

    if (fstatat(Dir, Name, &Status, AT_SYMLINK_NOFOLLOW) < 0)
        return SRV_HRD(SMB_ERRgeneral);
    memset(&Entry, 0, sizeof(Entry));
    SrvpName83(Name, Entry.ResumeKey.Name);
    Entry.ResumeKey.ServerState[0] = (UCHAR)(Slot + 1);
    Entry.ResumeKey.ServerState[1] = (UCHAR)Next;
    Entry.ResumeKey.ServerState[2] = (UCHAR)(Next >> 8);
    Entry.ResumeKey.ServerState[3] = (UCHAR)Made;
    Entry.ResumeKey.ServerState[4] = (UCHAR)(Made >> 8);
    if (Asked)
        memcpy(Entry.ResumeKey.ClientState, Asked->ClientState, sizeof(Asked->ClientState));
    Entry.FileAttributes = (UCHAR)SrvAttributes(&Status);
    NvDosDateTime(Server->Options.Deterministic, Status.st_mtime, &Entry.LastWriteDate,
                  &Entry.LastWriteTime);
    Entry.FileSize = S_ISDIR(Status.st_mode) ? 0 : (ULONG)Status.st_size;
    strcpy(Entry.FileName, Name);
    return NT_SUCCESS(SmbEncodeDirectoryEntry(Out, SMB_DIRECTORY_ENTRY_LENGTH, &Entry))
               ? SRV_OK : SRV_HRD(SMB_ERRgeneral);
}

/* Up to Max entries of the search in Slot from Position, into Scratch. */
static SRV_ERROR SrvpSearchFrom(PSRV_SERVER Server, PSRV_CONNECTION Connection, ULONG Slot,
                                ULONG Position, ULONG Max, const SMB_RESUME_KEY *Asked,
                                PSMB_REPLY Reply, PUCHAR Scratch)
{
    static char Names[SRV_MAX_LISTING][NV_NAME_LENGTH + 1];
    PSRV_SEARCH Search = &Connection->Searches[Slot];
    ULONG What = NV_LIST_FILES, Found = 0;
    SRV_ERROR Error = SRV_OK;
    int Dir, Count, Index;

    if (Search->Attributes & SMB_ATTR_DIRECTORY)
        What |= NV_LIST_DIRECTORIES;
    Dir = NvOpenDirectory(Server->Options.Root, SRV_SHARE_NAME, Search->Directory);
    Count = Dir < 0 ? -1 : NvListDirectory(Dir, What, Names, SRV_MAX_LISTING);
    for (Index = (int)Position; Index < Count && Found < Max && Error == SRV_OK; Index++)
        if (NvMatchPattern(Search->Pattern, Names[Index]))
            Error = SrvpEntry(Server, Dir, Names[Index], Slot, (ULONG)Index + 1,
                              (USHORT)Search->Made, Asked,
                              Scratch + Found++ * SMB_DIRECTORY_ENTRY_LENGTH);
    if (Dir >= 0)
        close(Dir);
    if (Error != SRV_OK)
        return Error;
    if (Found == 0) {
        memset(Search, 0, sizeof(*Search));
        return SRV_DOS(SMB_ERRnofiles);
    }
    Reply->u.Search.Count = (USHORT)Found;
    Reply->u.Search.Data = Scratch;
    return SRV_OK;
}

/* A search for the volume label alone: the share's name, once. */
static SRV_ERROR SrvpVolumeLabel(PSRV_SERVER Server, PSMB_REPLY Reply, PUCHAR Scratch)
{
    SMB_DIRECTORY_ENTRY Entry;

    memset(&Entry, 0, sizeof(Entry));
    SrvpName83(SRV_SHARE_NAME, Entry.ResumeKey.Name);
    Entry.FileAttributes = SMB_ATTR_VOLUME;
    NvDosDateTime(TRUE, 0, &Entry.LastWriteDate, &Entry.LastWriteTime);
    strcpy(Entry.FileName, SRV_SHARE_NAME);
    SmbEncodeDirectoryEntry(Scratch, SMB_DIRECTORY_ENTRY_LENGTH, &Entry);
    Reply->u.Search.Count = 1;
    Reply->u.Search.Data = Scratch;
    return SRV_OK;
}

SRV_ERROR SrvSearch(SRV_HANDLER_ARGUMENTS)
{
    ULONG Room = (SMB_MAX_MESSAGE - SMB_HEADER_LENGTH - 8) / SMB_DIRECTORY_ENTRY_LENGTH;
    ULONG Max = Request->u.Search.MaxCount, Slot, Position = 0;
    SRV_ERROR Error;

    if (Max == 0)
        return SRV_DOS(SMB_ERRinvalidparam);
    if (Max > Room)
        Max = Room;
    if (Request->u.Search.ResumeKeyLength == 0) {
        if (Request->u.Search.SearchAttributes == SMB_ATTR_VOLUME)
            return SrvpVolumeLabel(Server, Reply, Scratch);
        Error = SrvpBeginSearch(Server, Connection, Request, &Slot);
        if (Error != SRV_OK)
            return Error;
        return SrvpSearchFrom(Server, Connection, Slot, 0, Max, NULL, Reply, Scratch);
    }
    if (!SrvpResume(Connection, &Request->u.Search.ResumeKey, &Slot, &Position))
        return SRV_DOS(SMB_ERRnofiles);
    return SrvpSearchFrom(Server, Connection, Slot, Position, Max,
                          &Request->u.Search.ResumeKey, Reply, Scratch);
}

/* The parent folder of the directory SmbPath names (not the root). */
static SRV_ERROR SrvpDirectoryParent(PSRV_SERVER Server, const char *SmbPath,
                                     const char **Name, int *Parent, char Path[NV_PATH_MAX])
{
    SRV_ERROR Error = SrvResolvePath(SmbPath, Path);

    if (Error != SRV_OK)
        return Error;
    if (Path[0] == '\0')
        return SRV_DOS(SMB_ERRnoaccess);
    *Parent = NvOpenParent(Server->Options.Root, SRV_SHARE_NAME, Path, Name);
    return *Parent < 0 ? SRV_DOS(SMB_ERRbadpath) : SRV_OK;
}

SRV_ERROR SrvCreateDirectory(SRV_HANDLER_ARGUMENTS)
{
    char Path[NV_PATH_MAX];
    const char *Name;
    SRV_ERROR Error;
    int Parent;

    Error = SrvpDirectoryParent(Server, Request->u.Path.Name, &Name, &Parent, Path);
    if (Error != SRV_OK)
        return Error;
    if (mkdirat(Parent, Name, 0755) < 0)
        Error = errno == EEXIST ? SRV_DOS(SMB_ERRfilexists) : SRV_DOS(SMB_ERRbadpath);
    close(Parent);
    return Error;
}

SRV_ERROR SrvDeleteDirectory(SRV_HANDLER_ARGUMENTS)
{
    char Path[NV_PATH_MAX];
    const char *Name;
    SRV_ERROR Error;
    int Parent;

    Error = SrvpDirectoryParent(Server, Request->u.Path.Name, &Name, &Parent, Path);
    if (Error != SRV_OK)
        return Error;
    if (unlinkat(Parent, Name, AT_REMOVEDIR) < 0)
        Error = errno == ENOTEMPTY || errno == EEXIST ? SRV_DOS(SMB_ERRdirnotempty)
                                                      : SRV_DOS(SMB_ERRbadpath);
    close(Parent);
    return Error;
}

SRV_ERROR SrvCheckDirectory(SRV_HANDLER_ARGUMENTS)
{
    char Path[NV_PATH_MAX];
    SRV_ERROR Error = SrvResolvePath(Request->u.Path.Name, Path);
    int Dir;

    if (Error != SRV_OK)
        return Error;
    Dir = NvOpenDirectory(Server->Options.Root, SRV_SHARE_NAME, Path);
    if (Dir < 0)
        return SRV_DOS(SMB_ERRbadpath);
    close(Dir);
    return SRV_OK;
}

/* Units of 8 blocks of 512 bytes: 4 KiB, as ncpserv's clusters. */
SRV_ERROR SrvQueryDisk(SRV_HANDLER_ARGUMENTS)
{
    struct statvfs Fs;
    unsigned long long Units, Free;

    Reply->u.QueryDisk.BlocksPerUnit = 8;
    Reply->u.QueryDisk.BlockSize = 512;
    Reply->u.QueryDisk.TotalUnits = 16384;
    Reply->u.QueryDisk.FreeUnits = 8192;
    if (Server->Options.Deterministic || statvfs(Server->Options.Root, &Fs) < 0)
        return SRV_OK;
    Units = (unsigned long long)Fs.f_blocks * Fs.f_frsize / 4096;
    Free = (unsigned long long)Fs.f_bavail * Fs.f_frsize / 4096;
    Reply->u.QueryDisk.TotalUnits = (USHORT)(Units > 0xFFFF ? 0xFFFF : Units);
    Reply->u.QueryDisk.FreeUnits = (USHORT)(Free > 0xFFFF ? 0xFFFF : Free);
    return SRV_OK;
}
