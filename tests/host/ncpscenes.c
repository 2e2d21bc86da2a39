/*
 * ncpscenes.c - the host test client's scenarios beyond the session
 * (ncpsteps.h):
 *   logins  the bindery's object IDs, keyed login (right and wrong
 *           passwords, a key used twice), intruder detection on keyed
 *           logins (the server runs with --intruder-attempts 3), and the
 *           unencrypted login refused (0xD6) or, under --allow-unencrypted,
 *           served
 *   calls   the functions NWRDR's requests need, checked against the files
 *           on disk: volume information, directories created and deleted,
 *           open/create/create-new as the dispositions use them, set end of
 *           file by a zero-length write, commit, rename within and across
 *           directories, Scan File Information, searches with NetWare's
 *           wildcards, and functions it does not serve (0xFB)
 * Besides the checks, calls prints lines the test compares with its own
 * view of the folders: "volume N: NAME, S sectors per cluster, T clusters,
 * F free", "search DIRECTORY PATTERN: NAMES" and "scan PATTERN: NAMES" (a
 * byte outside printable ASCII in PATTERN as \xHH).
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/host/ncpsteps.h"

static void NcpBindery(NC_RUN *Run)
{
    ULONG Id = 0;

    NcCheck(Run, NcObjectId(Run, "supervisor", &Id) == NCP_OK && Id == 1,
            "SUPERVISOR's object ID is 1, whatever the case asked");
    NcCheck(Run, NcObjectId(Run, "MMTA", &Id) == NCP_OK && Id != 1,
            "the mail agent's account is in the bindery");
    NcCheck(Run, NcObjectId(Run, "NOBODY", &Id) == NCP_E_NO_SUCH_OBJECT,
            "an unknown user has no object ID: 0xFC");
}

static void NcpKeyedLogins(NC_RUN *Run)
{
    UCHAR First[NCP_LOGIN_KEY_LENGTH], Second[NCP_LOGIN_KEY_LENGTH];
    ULONG Id = 0;

    NcCheck(Run, NcLogin(Run, "SUPERVISOR", "WRONG") == NCP_E_BAD_PASSWORD,
            "keyed login with a wrong password: 0xDE");
    NcCheck(Run, NcLogin(Run, "SUPERVISOR", "secret") == NCP_OK,
            "keyed login with the right password, in any case");
    NcCheck(Run, NcLogin(Run, "GUEST", "") == NCP_OK, "GUEST logs in without a password");
    NcObjectId(Run, "GUEST", &Id);
    NcLoginKey(Run, First);
    NcLoginKey(Run, Second);
    NcCheck(Run, memcmp(First, Second, sizeof(First)) != 0, "every login key is new");
    NcCheck(Run, NcKeyedLogin(Run, "GUEST", Id, "", Second) == NCP_OK,
            "keyed login with the latest key");
    NcCheck(Run, NcKeyedLogin(Run, "GUEST", Id, "", Second) == NCP_E_FAILURE,
            "a key serves one login: 0xFF the second time");
}

/* The server locks an account after 3 wrong passwords. */
static void NcpIntruder(NC_RUN *Run)
{
    int Attempt, Refused = 1;

    for (Attempt = 0; Attempt < 3; Attempt++)
        Refused &= NcLogin(Run, "MMTA", "GUESS") == NCP_E_BAD_PASSWORD;
    NcCheck(Run, Refused, "three wrong passwords for MMTA: 0xDE each");
    NcCheck(Run, NcLogin(Run, "MMTA", "MAILAGENT") == NCP_E_INTRUDER_LOCKOUT,
            "then MMTA is locked by intruder detection: 0xC5, right password or not");
    NcCheck(Run, NcLogin(Run, "SUPERVISOR", "SECRET") == NCP_OK,
            "other accounts are not locked");
}

static void NcpUnencrypted(NC_RUN *Run, int Allowed)
{
    if (!Allowed) {
        NcCheck(Run, NcPlainLogin(Run, "SUPERVISOR", "SECRET") == NCP_E_UNENCRYPTED_REFUSED,
                "unencrypted login refused: 0xD6");
        return;
    }
    NcCheck(Run, NcPlainLogin(Run, "SUPERVISOR", "WRONG") == NCP_E_BAD_PASSWORD,
            "unencrypted login with a wrong password: 0xDE");
    NcCheck(Run, NcPlainLogin(Run, "NOBODY", "") == NCP_E_NO_SUCH_OBJECT,
            "unencrypted login of an unknown user: 0xFC");
    NcCheck(Run, NcPlainLogin(Run, "SUPERVISOR", "secret") == NCP_OK,
            "unencrypted login allowed");
}

void NcLoginsScenario(NC_RUN *Run, int UnencryptedAllowed)
{
    NcFindAndConnect(Run);
    NcpBindery(Run);
    NcpKeyedLogins(Run);
    NcpIntruder(Run);
    NcpUnencrypted(Run, UnencryptedAllowed);
    NcDisconnect(Run);
}

/* --- calls --- */

static void NcpPattern(const char *Pattern, char *Out, size_t Size)
{
    size_t Used = 0;

    for (; *Pattern && Used + 5 < Size; Pattern++) {
        unsigned char Byte = (unsigned char)*Pattern;
        Used += (size_t)snprintf(Out + Used, Size - Used, Byte >= 0x20 && Byte < 0x7F
                                                              ? "%c" : "\\x%02X", Byte);
    }
    Out[Used] = '\0';
}

static void NcpVolumes(NC_RUN *Run)
{
    NCP_REQUEST Request;
    NCP_REPLY Reply;
    const NCP_VOLUME_INFO *Info = &Reply.u.VolumeInfo;
    UCHAR Volume, Code;

    for (Volume = 0; Volume < 3; Volume++) {
        Request = NcMake(NCP_TYPE_REQUEST, NCP_GET_VOLUME_INFO, 0);
        Request.u.VolumeInfo.Volume = Volume;
        Code = NcDo(Run, &Request, &Reply);
        if (Code == NCP_OK)
            printf("volume %u: %s, %u sectors per cluster, %u clusters, %u free\n", Volume,
                   Info->Name, Info->SectorsPerCluster, Info->TotalClusters,
                   Info->FreeClusters);
        NcCheck(Run, Volume < 2 ? Code == NCP_OK && strcmp(Info->Name, Volume ? "MAIL" : "SYS") == 0
                                : Code == NCP_E_NO_VOLUME,
                Volume < 2 ? "volume information by number" : "no volume 2: 0x98");
    }
}

static UCHAR NcpDirectory(NC_RUN *Run, UCHAR SubFunction, UCHAR Handle, const char *Path)
{
    NCP_REQUEST Request = NcMake(NCP_TYPE_REQUEST, NCP_DIRECTORY_SERVICES, SubFunction);
    NCP_REPLY Reply;

    Request.u.Directory.DirHandle = Handle;
    Request.u.Directory.Mask = SubFunction == NCP_CREATE_DIRECTORY ? 0xFF : 0;
    NcpSetString(&Request.u.Directory.Path, Path);
    return NcDo(Run, &Request, &Reply);
}

static UCHAR NcpRename(NC_RUN *Run, UCHAR Dir, const char *Name, UCHAR NewDir,
                       const char *NewName)
{
    NCP_REQUEST Request = NcMake(NCP_TYPE_REQUEST, NCP_RENAME_FILE, 0);
    NCP_REPLY Reply;

    Request.u.Rename.DirHandle = Dir;
    Request.u.Rename.SearchAttributes = 0x06;
    NcpSetString(&Request.u.Rename.Name, Name);
    Request.u.Rename.NewDirHandle = NewDir;
    NcpSetString(&Request.u.Rename.NewName, NewName);
    return NcDo(Run, &Request, &Reply);
}

static UCHAR NcpScan(NC_RUN *Run, UCHAR Dir, const char *Name, USHORT Sequence,
                     NCP_FILE_ENTRY *Entry)
{
    NCP_REQUEST Request = NcMake(NCP_TYPE_REQUEST, NCP_CONNECTION_SERVICES,
                                 NCP_SCAN_FILE_INFO);
    NCP_REPLY Reply;
    UCHAR Code;

    Request.u.ScanFile.Sequence = Sequence;
    Request.u.ScanFile.DirHandle = Dir;
    Request.u.ScanFile.SearchAttributes = 0x06;
    NcpSetString(&Request.u.ScanFile.Name, Name);
    Code = NcDo(Run, &Request, &Reply);
    *Entry = Reply.u.FileEntry;
    return Code;
}

/* The host file's size, or -1 when there is none. */
static long NcpHostSize(NC_RUN *Run, const char *Relative)
{
    char Path[1024];
    struct stat Status;

    snprintf(Path, sizeof(Path), "%s/%s", Run->Root, Relative);
    return stat(Path, &Status) == 0 ? (long)Status.st_size : -1;
}

static int NcpHostIsDirectory(NC_RUN *Run, const char *Relative)
{
    char Path[1024];
    struct stat Status;

    snprintf(Path, sizeof(Path), "%s/%s", Run->Root, Relative);
    return stat(Path, &Status) == 0 && S_ISDIR(Status.st_mode);
}

static UCHAR NcpNewFile(NC_RUN *Run, UCHAR Dir, const char *Name, const UCHAR *Data,
                        USHORT Count)
{
    NCP_FILE_INFO Info;
    UCHAR Code = NcOpenFile(Run, NCP_CREATE_NEW_FILE, Dir, Name, &Info);

    if (Code != NCP_OK)
        return Code;
    if (Count)
        Code = NcWrite(Run, Info.Handle, 0, Data, Count);
    NcHandleOp(Run, NCP_CLOSE_FILE, Info.Handle);
    return Code;
}

/* Before login: no directory made or removed, nothing renamed. */
static void NcpBeforeLogin(NC_RUN *Run)
{
    UCHAR Login = 0;

    NcAllocDir(Run, "SYS:LOGIN", &Login);
    NcCheck(Run, NcpDirectory(Run, NCP_CREATE_DIRECTORY, Login, "NEW") == NCP_E_NO_CREATE,
            "create directory before login: 0x84");
    NcCheck(Run, NcpDirectory(Run, NCP_DELETE_DIRECTORY, Login, "X") == NCP_E_NO_DELETE,
            "delete directory before login: 0x8A");
    NcCheck(Run, NcpRename(Run, Login, "LOGIN.TXT", Login, "L.TXT") == NCP_E_NO_RENAME,
            "rename before login: 0x8B");
}

static void NcpMakeDirectories(NC_RUN *Run, UCHAR Public)
{
    NcCheck(Run, NcpDirectory(Run, NCP_CREATE_DIRECTORY, Public, "WORK") == NCP_OK &&
                     NcpHostIsDirectory(Run, "SYS/PUBLIC/WORK"),
            "create directory SYS:PUBLIC\\WORK, there on disk");
    NcCheck(Run, NcpDirectory(Run, NCP_CREATE_DIRECTORY, Public, "WORK") == NCP_E_FAILURE,
            "create directory on an existing name: 0xFF");
    NcCheck(Run, NcpDirectory(Run, NCP_CREATE_DIRECTORY, Public, "NOPE\\SUB") ==
                     NCP_E_INVALID_PATH, "create directory in a missing one: 0x9C");
}

/* Open, create (overwrite) and create new, as the dispositions use them. */
static void NcpDispositions(NC_RUN *Run, UCHAR Work)
{
    static const UCHAR Ten[10] = "0123456789";
    NCP_FILE_INFO Info;

    NcCheck(Run, NcpNewFile(Run, Work, "O.TXT", Ten, 10) == NCP_OK &&
                     NcpHostSize(Run, "SYS/PUBLIC/WORK/O.TXT") == 10,
            "create new file (0x4D) and write 10 bytes");
    NcCheck(Run, NcpNewFile(Run, Work, "O.TXT", NULL, 0) == NCP_E_FAILURE,
            "create new file on an existing name: 0xFF");
    NcCheck(Run, NcOpenFile(Run, NCP_OPEN_FILE, Work, "O.TXT", &Info) == NCP_OK &&
                     Info.Size == 10 && Info.Attributes == NCP_ATTR_ARCHIVE &&
                     NcHandleOp(Run, NCP_CLOSE_FILE, Info.Handle) == NCP_OK,
            "open (0x4C) an existing file: its size and attributes");
    NcCheck(Run, NcOpenFile(Run, NCP_CREATE_FILE, Work, "O.TXT", &Info) == NCP_OK &&
                     NcpHostSize(Run, "SYS/PUBLIC/WORK/O.TXT") == 0 &&
                     NcHandleOp(Run, NCP_CLOSE_FILE, Info.Handle) == NCP_OK,
            "create file (0x43) over an existing one empties it");
    NcCheck(Run, NcOpenFile(Run, NCP_OPEN_FILE, Work, "MISSING.TXT", &Info) == NCP_E_FAILURE,
            "open of a missing file: 0xFF");
}

/* Writes, commits, then sets the end of file shorter and longer. */
static void NcpSizeAndCommit(NC_RUN *Run, UCHAR Work)
{
    NCP_REQUEST Request = NcMake(NCP_TYPE_REQUEST, NCP_GET_FILE_SIZE, 0);
    static const UCHAR Bogus[NCP_FILE_HANDLE_LENGTH] = { 0, 0, 0, 0, 0x7F, 0x7F };
    UCHAR Data[100];
    NCP_FILE_INFO Info;
    NCP_REPLY Reply;
    int Index;

    for (Index = 0; Index < (int)sizeof(Data); Index++)
        Data[Index] = (UCHAR)('a' + Index % 26);
    NcOpenFile(Run, NCP_CREATE_NEW_FILE, Work, "A.TXT", &Info);
    NcWrite(Run, Info.Handle, 0, Data, sizeof(Data));
    NcCheck(Run, NcHandleOp(Run, NCP_COMMIT_FILE, Info.Handle) == NCP_OK &&
                     NcpHostSize(Run, "SYS/PUBLIC/WORK/A.TXT") == 100,
            "commit file: the 100 bytes are on disk");
    NcCheck(Run, NcHandleOp(Run, NCP_COMMIT_FILE, Bogus) == NCP_E_INVALID_HANDLE,
            "commit of a bad handle: 0x88");
    NcCheck(Run, NcWrite(Run, Info.Handle, 40, NULL, 0) == NCP_OK &&
                     NcpHostSize(Run, "SYS/PUBLIC/WORK/A.TXT") == 40,
            "a zero-length write at 40 cuts the file to 40 bytes");
    NcCheck(Run, NcWrite(Run, Info.Handle, 3000, NULL, 0) == NCP_OK &&
                     NcpHostSize(Run, "SYS/PUBLIC/WORK/A.TXT") == 3000,
            "a zero-length write at 3000 extends it to 3000");
    memcpy(Request.u.File.Handle, Info.Handle, NCP_FILE_HANDLE_LENGTH);
    NcCheck(Run, NcDo(Run, &Request, &Reply) == NCP_OK && Reply.u.FileSize.Size == 3000,
            "get file size says 3000");
    NcHandleOp(Run, NCP_CLOSE_FILE, Info.Handle);
}

static void NcpRenames(NC_RUN *Run, UCHAR Public, UCHAR Work)
{
    NcCheck(Run, NcpRename(Run, Work, "A.TXT", Work, "B.TXT") == NCP_OK &&
                     NcpHostSize(Run, "SYS/PUBLIC/WORK/A.TXT") < 0 &&
                     NcpHostSize(Run, "SYS/PUBLIC/WORK/B.TXT") == 3000,
            "rename A.TXT to B.TXT in one directory");
    NcCheck(Run, NcpRename(Run, Work, "B.TXT", Public, "C.TXT") == NCP_OK &&
                     NcpHostSize(Run, "SYS/PUBLIC/WORK/B.TXT") < 0 &&
                     NcpHostSize(Run, "SYS/PUBLIC/C.TXT") == 3000,
            "rename WORK\\B.TXT to SYS:PUBLIC\\C.TXT, across directories");
    NcCheck(Run, NcpRename(Run, Public, "C.TXT", Public, "README.TXT") ==
                     NCP_E_ALL_NAMES_EXIST && NcpHostSize(Run, "SYS/PUBLIC/C.TXT") == 3000,
            "rename onto an existing name: 0x92, nothing moved");
    NcCheck(Run, NcpRename(Run, Public, "C.TXT", Public, "MAIL:MAILDATA\\C.TXT") ==
                     NCP_E_CROSS_VOLUME, "rename to another volume: 0x9A");
    NcCheck(Run, NcpRename(Run, Public, "MISSING.TXT", Public, "X.TXT") == NCP_E_FAILURE,
            "rename of a missing file: 0xFF");
}

static void NcpScans(NC_RUN *Run, UCHAR Public)
{
    char Names[512] = "";
    NCP_FILE_ENTRY Entry;
    USHORT Sequence = 0xFFFF;

    NcCheck(Run, NcpScan(Run, Public, "C.TXT", 0xFFFF, &Entry) == NCP_OK &&
                     strcmp(Entry.Name, "C.TXT") == 0 && Entry.Size == 3000 &&
                     Entry.Attributes == NCP_ATTR_ARCHIVE && Entry.Owner == 1 &&
                     Entry.UpdateDate != 0,
            "scan file information of C.TXT: size, attributes, owner, dates");
    NcCheck(Run, NcpScan(Run, Public, "MISSING.TXT", 0xFFFF, &Entry) == NCP_E_FAILURE,
            "scan file information of a missing file: 0xFF");
    while (NcpScan(Run, Public, "*.TXT", Sequence, &Entry) == NCP_OK) {
        strncat(Names, Names[0] ? " " : "", sizeof(Names) - strlen(Names) - 1);
        strncat(Names, Entry.Name, sizeof(Names) - strlen(Names) - 1);
        Sequence = Entry.Sequence;
    }
    printf("scan *.TXT: %s\n", Names);
}

/* 0x3E/0x3F with each pattern in Dir (called Where); files, or
   directories with 0x10. */
static void NcpSearches(NC_RUN *Run, UCHAR Dir, const char *Where, UCHAR Attributes,
                        const char *const *Patterns, int Count)
{
    NCP_REQUEST Init = NcMake(NCP_TYPE_REQUEST, NCP_FILE_SEARCH_INIT, 0), Next;
    char Names[1024], Shown[128];
    NCP_REPLY Reply;
    int Index;

    Init.u.SearchInit.DirHandle = Dir;
    NcpSetString(&Init.u.SearchInit.Path, "");
    for (Index = 0; Index < Count; Index++) {
        NcDo(Run, &Init, &Reply);
        Next = NcMake(NCP_TYPE_REQUEST, NCP_FILE_SEARCH_CONTINUE, 0);
        Next.u.SearchContinue.Volume = Reply.u.SearchInit.Volume;
        Next.u.SearchContinue.DirectoryId = Reply.u.SearchInit.DirectoryId;
        Next.u.SearchContinue.Sequence = Reply.u.SearchInit.Sequence;
        Next.u.SearchContinue.SearchAttributes = Attributes;
        NcpSetString(&Next.u.SearchContinue.Pattern, Patterns[Index]);
        Names[0] = '\0';
        while (NcDo(Run, &Next, &Reply) == NCP_OK) {
            strncat(Names, Names[0] ? " " : "", sizeof(Names) - strlen(Names) - 1);
            strncat(Names, Reply.u.SearchEntry.Name, sizeof(Names) - strlen(Names) - 1);
            Next.u.SearchContinue.Sequence = Reply.u.SearchEntry.Sequence;
        }
        NcpPattern(Patterns[Index], Shown, sizeof(Shown));
        printf("search %s %s: %s\n", Where, Shown, Names);
    }
}

static void NcpWildcards(NC_RUN *Run, UCHAR Public)
{
    static const char *const Files[] = {
        "*", "*.*", "*.TXT", "?.TXT", "R*T", "\xAA", "\xAA\xAE\xAA", "\xAA\xAETXT",
        "\xBF\xBF\xBF\xBF\xBF\xAE\xAA", "NOEXT\xAE\xAA", "sample.dat",
    };
    static const char *const Folders[] = { "*", "M\xAA", "\xBF\xBF\xBF" };
    UCHAR Mail = 0;

    NcCheck(Run, NcpNewFile(Run, Public, "NOEXT", NULL, 0) == NCP_OK,
            "create a file with no extension");
    NcpSearches(Run, Public, "SYS:PUBLIC", 0x06, Files, (int)ARRAYSIZE(Files));
    NcAllocDir(Run, "MAIL:MAILDATA", &Mail);
    NcpSearches(Run, Mail, "MAIL:MAILDATA", 0x16, Folders, (int)ARRAYSIZE(Folders));
}

static void NcpRemoveDirectories(NC_RUN *Run, UCHAR Public, UCHAR Work)
{
    NCP_REQUEST Erase = NcMake(NCP_TYPE_REQUEST, NCP_ERASE_FILE, 0);
    NCP_REPLY Reply;

    NcCheck(Run, NcpDirectory(Run, NCP_DELETE_DIRECTORY, Public, "WORK") ==
                     NCP_E_DIRECTORY_NOT_EMPTY && NcpHostIsDirectory(Run, "SYS/PUBLIC/WORK"),
            "delete of a directory with a file in it: 0xA0");
    Erase.u.Open.DirHandle = Work;
    NcpSetString(&Erase.u.Open.Name, "O.TXT");
    NcDo(Run, &Erase, &Reply);
    NcCheck(Run, NcpDirectory(Run, NCP_DELETE_DIRECTORY, Public, "WORK") == NCP_OK &&
                     !NcpHostIsDirectory(Run, "SYS/PUBLIC/WORK"),
            "delete of the empty directory (this connection's handle on it)");
    NcCheck(Run, NcpDirectory(Run, NCP_DELETE_DIRECTORY, Public, "WORK") ==
                     NCP_E_INVALID_PATH, "delete of a missing directory: 0x9C");
    NcCheck(Run, NcpDirectory(Run, NCP_DELETE_DIRECTORY, Public, "SYS:") == NCP_E_INVALID_PATH,
            "delete of a volume's root: 0x9C");
}

/*
 * Not implemented, answered as such: 0xFB, never 0x7E. Two well-formed
 * NetWare requests ncpserv does not serve: 0x14 Get File Server Date and
 * Time (no data) and 0x17/0x12 Get Network Serial Number (no data).
 */
static void NcpUnknown(NC_RUN *Run)
{
    static const UCHAR Family[] = { 0, 1, 0x12 };
    NCP_REQUEST Request = NcMake(NCP_TYPE_REQUEST, 0x14, 0);
    NCP_REPLY Reply;

    NcCheck(Run, NcTransactRaw(&Run->Client, &Request, NULL, 0, &Reply) == STATUS_SUCCESS &&
                     Reply.Header.CompletionCode == NCP_E_BAD_REQUEST,
            "a function ncpserv does not serve: 0xFB");
    Request = NcMake(NCP_TYPE_REQUEST, NCP_CONNECTION_SERVICES, 0x12);
    NcCheck(Run, NcTransactRaw(&Run->Client, &Request, Family, sizeof(Family), &Reply) ==
                     STATUS_SUCCESS && Reply.Header.CompletionCode == NCP_E_BAD_REQUEST,
            "a subfunction of 0x17 ncpserv does not serve: 0xFB");
}

void NcCallsScenario(NC_RUN *Run)
{
    UCHAR Public = 0, Work = 0;

    NcFindAndConnect(Run);
    NcpBeforeLogin(Run);
    NcCheck(Run, NcLogin(Run, "SUPERVISOR", "SECRET") == NCP_OK, "keyed login SUPERVISOR");
    NcpVolumes(Run);
    NcAllocDir(Run, "SYS:PUBLIC", &Public);
    NcpMakeDirectories(Run, Public);
    NcAllocDir(Run, "SYS:PUBLIC\\WORK", &Work);
    NcpDispositions(Run, Work);
    NcpSizeAndCommit(Run, Work);
    NcpRenames(Run, Public, Work);
    NcpScans(Run, Public);
    NcpWildcards(Run, Public);
    NcpRemoveDirectories(Run, Public, Work);
    NcpUnknown(Run);
    NcDisconnect(Run);
}
