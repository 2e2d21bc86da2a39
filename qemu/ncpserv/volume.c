/*
 * volume.c - ncpserv's volumes: SYS and MAIL, each a folder ROOT/<VOLUME>
 * restored from FIXTURES/<VOLUME> at start and at every reset.
 *
 * NetWare names are upper-case 8.3 and paths use '\' or '/'; a path is
 * either absolute ("SYS:PUBLIC\README.TXT", "NWSERVER/SYS:PUBLIC") or
 * relative to a directory handle. Resolution never leaves the volume: ".."
 * above the root, bad characters, DOS device names (CON, NUL.TXT), a name
 * ending in a dot, an embedded NUL and over-long names are 0x9C (invalid
 * path). Before login a station may only reach SYS:LOGIN, as on NetWare.
 *
 * On the host, a NetWare path is opened from ROOT/<VOLUME> one component
 * at a time with openat and O_NOFOLLOW (NsOpenDirectory, NsOpenParent): a
 * symbolic link anywhere on the way - one that leads out of the volume or
 * one that stays inside it, as SYS:LOGIN\X -> ../SYSTEM would - ends the
 * walk, so no request reaches what its NetWare path does not name.
 *
 * Patterns ('*', '?', and NetWare's augmented 0xAA, 0xAE, 0xBF, with DOS's
 * 8.3 meaning) are matched in time proportional to name length times
 * pattern length, never more.
 *
 * In deterministic mode every date is NS_FIXED_* and volume sizes are fixed,
 * so that two runs give the same reply bytes.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "qemu/ncpserv/ncpserv.h"

/* 1 July 1996, 12:00:00: the summer of KB Q150047. */
#define NS_FIXED_YEAR   1996
#define NS_FIXED_MONTH  7
#define NS_FIXED_DAY    1
#define NS_FIXED_HOUR   12

const char *const NsVolumeNames[NS_VOLUME_COUNT] = { "SYS", "MAIL" };

int NsVolumeByName(const char *Name)
{
    int Index;

    for (Index = 0; Index < NS_VOLUME_COUNT; Index++)
        if (strcmp(Name, NsVolumeNames[Index]) == 0)
            return Index;
    return -1;
}

/* A String's text, or NULL when it holds a NUL (a name cut short). */
const char *NsText(const NCP_STRING *String)
{
    return strlen(String->Text) == String->Length ? String->Text : NULL;
}

/* DOS's device names, with or without an extension: never a file. */
static BOOLEAN NspDeviceName(const char *Name, size_t Base)
{
    static const char *const Devices[] = {
        "CON", "PRN", "AUX", "NUL", "CLOCK$", "COM1", "COM2", "COM3", "COM4",
        "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2", "LPT3",
        "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };
    size_t Index;

    for (Index = 0; Index < ARRAYSIZE(Devices); Index++)
        if (strlen(Devices[Index]) == Base && strncmp(Name, Devices[Index], Base) == 0)
            return TRUE;
    return FALSE;
}

/* 8.3, upper case, DOS's punctuation; no wildcards, no device, no final dot. */
BOOLEAN NsValidName(const char *Name)
{
    static const char Allowed[] = "_-$~!#%&{}()@'`^";
    const char *Dot = strchr(Name, '.');
    size_t Base = Dot ? (size_t)(Dot - Name) : strlen(Name);
    const char *Scan;

    if (Base == 0 || Base > 8 || (Dot && (strchr(Dot + 1, '.') || Dot[1] == '\0' ||
                                          strlen(Dot + 1) > 3)))
        return FALSE;
    if (NspDeviceName(Name, Base))
        return FALSE;
    for (Scan = Name; *Scan; Scan++) {
        if (*Scan == '.' || isupper((unsigned char)*Scan) ||
            isdigit((unsigned char)*Scan) || strchr(Allowed, *Scan))
            continue;
        return FALSE;
    }
    return TRUE;
}

/* Appends one component to Out, applying "." and "..". */
static UCHAR NspAppend(PNS_PATH Out, const char *Component)
{
    size_t Used = strlen(Out->Path);
    char *Slash;

    if (Component[0] == '\0' || strcmp(Component, ".") == 0)
        return NCP_OK;
    if (strcmp(Component, "..") == 0) {
        if (Used == 0)
            return NCP_E_INVALID_PATH;
        Slash = strrchr(Out->Path, '/');
        *(Slash ? Slash : Out->Path) = '\0';
        return NCP_OK;
    }
    if (!NsValidName(Component) ||
        Used + 1 + strlen(Component) >= sizeof(Out->Path))
        return NCP_E_INVALID_PATH;
    if (Used != 0)
        strcat(Out->Path, "/");
    strcat(Out->Path, Component);
    return NCP_OK;
}

/* The starting point: a volume named before ':' or a directory handle. */
static UCHAR NspBase(PNS_CONNECTION Connection, UCHAR DirHandle, char *Work,
                     char **Rest, PNS_PATH Out)
{
    char *Colon = strchr(Work, ':');
    char *Volume = Work, *Slash;
    int Number;

    if (Colon) {
        *Colon = '\0';
        Slash = strpbrk(Work, "/\\");           /* SERVER/VOLUME: */
        if (Slash)
            Volume = Slash + 1;
        Number = NsVolumeByName(Volume);
        if (Number < 0)
            return NCP_E_NO_VOLUME;
        Out->Volume = (UCHAR)Number;
        Out->Path[0] = '\0';
        *Rest = Colon + 1;
        return NCP_OK;
    }
    if (DirHandle == 0 || DirHandle > NS_MAX_DIR_HANDLES ||
        !Connection->DirHandles[DirHandle - 1].InUse)
        return NCP_E_BAD_DIR_HANDLE;
    *Out = Connection->DirHandles[DirHandle - 1].Directory;
    *Rest = Work;
    return NCP_OK;
}

/* Logged in, everything; before, SYS:LOGIN and what lies under it. */
BOOLEAN NsVisible(const NS_CONNECTION *Connection, const NS_PATH *Path)
{
    return Connection->LoggedIn ||
           (Path->Volume == 0 && (strcmp(Path->Path, "LOGIN") == 0 ||
                                  strncmp(Path->Path, "LOGIN/", 6) == 0));
}

UCHAR NsResolvePath(PNS_SERVER Server, PNS_CONNECTION Connection,
                    UCHAR DirHandle, const char *NetWarePath, PNS_PATH Out)
{
    char Work[NS_PATH_MAX], *Rest, *Component, *Save = NULL;
    size_t Index;
    UCHAR Code;

    if (strlen(NetWarePath) >= sizeof(Work))
        return NCP_E_INVALID_PATH;
    for (Index = 0; NetWarePath[Index]; Index++)
        Work[Index] = (char)toupper((unsigned char)NetWarePath[Index]);
    Work[Index] = '\0';
    Code = NspBase(Connection, DirHandle, Work, &Rest, Out);
    if (Code != NCP_OK)
        return Code;
    for (Component = strtok_r(Rest, "/\\", &Save); Component;
         Component = strtok_r(NULL, "/\\", &Save)) {
        Code = NspAppend(Out, Component);
        if (Code != NCP_OK)
            return Code;
    }
    if (!NsVisible(Connection, Out))
        return NCP_E_INVALID_PATH;
    return NCP_OK;
}

/* Directory/Name, Name being one valid component. */
UCHAR NsChildPath(const NS_PATH *Directory, const char *Name, PNS_PATH Out)
{
    *Out = *Directory;
    if (strcmp(Name, ".") == 0 || strcmp(Name, "..") == 0)
        return NCP_E_INVALID_PATH;
    return NspAppend(Out, Name);
}

#define NS_WALK_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

/* ROOT/<VOLUME>/ then Length bytes of Path's components, no link followed. */
static int NspWalk(PNS_SERVER Server, UCHAR Volume, const char *Path, size_t Length)
{
    char Component[NS_PATH_MAX];
    size_t Taken = 0, Size;
    int Directory, Next;

    if (Volume >= NS_VOLUME_COUNT)
        return -1;
    Directory = open(Server->Options.Root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (Directory < 0)
        return -1;
    Next = openat(Directory, NsVolumeNames[Volume], NS_WALK_FLAGS);
    close(Directory);
    Directory = Next;
    while (Directory >= 0 && Taken < Length) {
        Size = strcspn(Path + Taken, "/");
        if (Size > Length - Taken)
            Size = Length - Taken;
        memcpy(Component, Path + Taken, Size);
        Component[Size] = '\0';
        Next = openat(Directory, Component, NS_WALK_FLAGS);
        close(Directory);
        Directory = Next;
        Taken += Size + 1;
    }
    return Directory;
}

/* The directory Path names, open for reading; -1 when it is not one. */
int NsOpenDirectory(PNS_SERVER Server, const NS_PATH *Path)
{
    return NspWalk(Server, Path->Volume, Path->Path, strlen(Path->Path));
}

/* The directory that holds Path's last component (in *Name); Path is not
   a volume's root. The caller opens *Name in it with O_NOFOLLOW. */
int NsOpenParent(PNS_SERVER Server, const NS_PATH *Path, const char **Name)
{
    const char *Slash = strrchr(Path->Path, '/');

    *Name = Slash ? Slash + 1 : Path->Path;
    return NspWalk(Server, Path->Volume, Path->Path,
                   Slash ? (size_t)(Slash - Path->Path) : 0);
}

const char *NsLastComponent(const NS_PATH *Path)
{
    const char *Slash = strrchr(Path->Path, '/');

    return Slash ? Slash + 1 : Path->Path;
}

/*
 * NetWare's wildcards, two kinds. The plain ones, as a program that asks
 * the server directly sends them: '*' any run of characters, dots
 * included; '?' exactly one character. The augmented ones are what the
 * DOS requester turns a DOS program's '*', '?' and '.' into (each with its
 * high bit set), so that the server can keep their DOS meaning in an 8.3
 * name: 0xAA any run within the name or the extension (never across the
 * dot), 0xBF one character, or none at the end of the name or the
 * extension (so FILE\xBF\xBF\xBF\xBF finds FILE), 0xAE the dot, or the
 * end of a name that has no extension.
 * Letters match in any case. A name without an extension also matches as
 * if it ended in a dot, so *.* finds it, as DOS users expect.
 */
enum {
    NS_LITERAL, NS_ANY_RUN, NS_ANY_ONE, NS_DOS_RUN, NS_DOS_ONE, NS_DOS_DOT,
};

static int NspToken(unsigned char Byte, char *Literal)
{
    switch (Byte) {
    case '*': return NS_ANY_RUN;
    case '?': return NS_ANY_ONE;
    case 0xAA: return NS_DOS_RUN;
    case 0xBF: return NS_DOS_ONE;
    case 0xAE: return NS_DOS_DOT;
    }
    *Literal = (char)toupper(Byte);
    return NS_LITERAL;
}

/* May the pattern element Token (at Name[At], Rest[] the answers for the
   pattern after it, Here[] for the pattern from it) match there? */
static BOOLEAN NspStep(int Token, char Literal, const char *Name, size_t At,
                       const BOOLEAN *Rest, const BOOLEAN *Here)
{
    char Char = Name[At];
    BOOLEAN InPart = Char != '\0' && Char != '.';

    switch (Token) {
    case NS_ANY_RUN: return Rest[At] || (Char != '\0' && Here[At + 1]);
    case NS_ANY_ONE: return Char != '\0' && Rest[At + 1];
    case NS_DOS_RUN: return Rest[At] || (InPart && Here[At + 1]);
    case NS_DOS_ONE: return InPart ? Rest[At + 1] : Rest[At];
    case NS_DOS_DOT: return Char == '.' ? Rest[At + 1] : (Char == '\0' && Rest[At]);
    }
    return Char != '\0' && Char == Literal && Rest[At + 1];
}

/*
 * Dynamic programming from the ends: after the step for pattern element P,
 * Rest[N] says whether the pattern from P matches the name from N. Time is
 * name length times pattern length, never more, whatever the pattern.
 */
static BOOLEAN NspMatch(const char *Pattern, const char *Name)
{
    BOOLEAN Rest[NCP_FILE_NAME_LENGTH + 2], Here[NCP_FILE_NAME_LENGTH + 2];
    size_t Length = strlen(Name), At, Element = strlen(Pattern);
    char Literal = 0;
    int Token;

    if (Length > NCP_FILE_NAME_LENGTH)
        return FALSE;
    for (At = 0; At <= Length; At++)
        Rest[At] = At == Length;
    while (Element-- > 0) {
        Token = NspToken((unsigned char)Pattern[Element], &Literal);
        for (At = Length + 1; At-- > 0;)
            Here[At] = NspStep(Token, Literal, Name, At, Rest, Here);
        memcpy(Rest, Here, sizeof(Rest));
    }
    return Rest[0];
}

BOOLEAN NsMatchPattern(const char *Pattern, const char *Name)
{
    char Dotted[NCP_FILE_NAME_LENGTH + 2];

    if (NspMatch(Pattern, Name))
        return TRUE;
    if (strchr(Name, '.') || strlen(Name) >= NCP_FILE_NAME_LENGTH)
        return FALSE;
    snprintf(Dotted, sizeof(Dotted), "%s.", Name);
    return NspMatch(Pattern, Dotted);
}

/* Splits "DIR\PATTERN" into the directory part and the last component;
   both buffers hold as much as Name. */
void NsSplitPattern(const char *Name, char *Directory, char *Pattern)
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

/*
 * A file's attributes: Archive Needed, which NetWare sets on every file
 * created or changed since its last backup (ncpserv's never had one).
 */
UCHAR NsFileAttributes(const struct stat *Status)
{
    return S_ISDIR(Status->st_mode) ? NCP_ATTR_DIRECTORY : NCP_ATTR_ARCHIVE;
}

static int NspCompare(const void *Left, const void *Right)
{
    return strcmp(Left, Right);
}

/*
 * The valid 8.3 names in the open directory Directory (which stays open),
 * files or directories only - never links - sorted so that search sequence
 * numbers are stable. Returns the count, or -1.
 */
int NsListDirectory(int Directory, BOOLEAN Directories,
                    char (*Names)[NCP_FILE_NAME_LENGTH + 1], ULONG Max)
{
    struct dirent *Entry;
    struct stat Info;
    ULONG Count = 0;
    int Copy = dup(Directory);
    DIR *Dir = Copy < 0 ? NULL : fdopendir(Copy);

    if (!Dir) {
        if (Copy >= 0)
            close(Copy);
        return -1;
    }
    rewinddir(Dir);
    while ((Entry = readdir(Dir)) != NULL && Count < Max) {
        if (!NsValidName(Entry->d_name) ||
            fstatat(dirfd(Dir), Entry->d_name, &Info, AT_SYMLINK_NOFOLLOW) < 0)
            continue;
        if (Directories ? !S_ISDIR(Info.st_mode) : !S_ISREG(Info.st_mode))
            continue;
        /* NsValidName bounds the name to 12 characters. */
        memcpy(Names[Count++], Entry->d_name, strlen(Entry->d_name) + 1);
    }
    closedir(Dir);
    qsort(Names, Count, sizeof(Names[0]), NspCompare);
    return (int)Count;
}

void NsDosDateTime(PNS_SERVER Server, time_t When, PUSHORT Date, PUSHORT Time)
{
    struct tm Local;

    if (Server->Options.Deterministic || !localtime_r(&When, &Local) ||
        Local.tm_year < 80) {
        *Date = (USHORT)(((NS_FIXED_YEAR - 1980) << 9) | (NS_FIXED_MONTH << 5) |
                         NS_FIXED_DAY);
        *Time = (USHORT)(NS_FIXED_HOUR << 11);
        return;
    }
    *Date = (USHORT)(((Local.tm_year - 80) << 9) | ((Local.tm_mon + 1) << 5) |
                     Local.tm_mday);
    *Time = (USHORT)((Local.tm_hour << 11) | (Local.tm_min << 5) |
                     (Local.tm_sec / 2));
}

void NsVolumeInfo(PNS_SERVER Server, UCHAR Volume, PNCP_VOLUME_INFO Info)
{
    struct statvfs Fs;
    unsigned long long Clusters, Free;

    memset(Info, 0, sizeof(*Info));
    snprintf(Info->Name, sizeof(Info->Name), "%s", NsVolumeNames[Volume]);
    Info->SectorsPerCluster = 8;            /* 4 KiB clusters */
    Info->TotalClusters = 16384;            /* 64 MiB */
    Info->FreeClusters = 8192;
    Info->TotalDirSlots = 4096;
    Info->FreeDirSlots = 2048;
    if (Server->Options.Deterministic ||
        statvfs(Server->Options.Root, &Fs) < 0)
        return;
    Clusters = (unsigned long long)Fs.f_blocks * Fs.f_frsize / 4096;
    Free = (unsigned long long)Fs.f_bavail * Fs.f_frsize / 4096;
    Info->TotalClusters = (USHORT)(Clusters > 0xFFFF ? 0xFFFF : Clusters);
    Info->FreeClusters = (USHORT)(Free > 0xFFFF ? 0xFFFF : Free);
}

static int NspRemove(const char *Path, const struct stat *Info, int Flag,
                     struct FTW *Walk)
{
    return remove(Path);
}

static int NspCopyFile(const char *From, const char *To)
{
    char Buffer[8192];
    ssize_t Got;
    int In, Out, Status = 0;

    In = open(From, O_RDONLY);
    if (In < 0)
        return -1;
    Out = open(To, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (Out < 0) {
        close(In);
        return -1;
    }
    while ((Got = read(In, Buffer, sizeof(Buffer))) > 0)
        if (write(Out, Buffer, (size_t)Got) != Got)
            Status = -1;
    if (Got < 0)
        Status = -1;
    close(In);
    close(Out);
    return Status;
}

static int NspCopyTree(const char *From, const char *To)
{
    char Source[NS_HOST_PATH_MAX], Target[NS_HOST_PATH_MAX];
    struct dirent *Entry;
    struct stat Info;
    int Status = 0;
    DIR *Dir;

    if (mkdir(To, 0755) < 0 && errno != EEXIST)
        return -1;
    Dir = opendir(From);
    if (!Dir)
        return -1;
    while (Status == 0 && (Entry = readdir(Dir)) != NULL) {
        if (strcmp(Entry->d_name, ".") == 0 || strcmp(Entry->d_name, "..") == 0)
            continue;
        if (snprintf(Source, sizeof(Source), "%s/%s", From, Entry->d_name) >=
                (int)sizeof(Source) ||
            snprintf(Target, sizeof(Target), "%s/%s", To, Entry->d_name) >=
                (int)sizeof(Target) ||
            lstat(Source, &Info) < 0)
            Status = -1;
        else if (S_ISDIR(Info.st_mode))
            Status = NspCopyTree(Source, Target);
        else if (S_ISREG(Info.st_mode))
            Status = NspCopyFile(Source, Target);
    }
    closedir(Dir);
    return Status;
}

/* ROOT/<VOLUME> := FIXTURES/<VOLUME>, for every volume. */
int NsRestoreVolumes(PNS_SERVER Server)
{
    char Target[NS_HOST_PATH_MAX], Source[NS_HOST_PATH_MAX];
    int Index;

    if (mkdir(Server->Options.Root, 0755) < 0 && errno != EEXIST)
        return -1;
    for (Index = 0; Index < NS_VOLUME_COUNT; Index++) {
        if (snprintf(Target, sizeof(Target), "%s/%s", Server->Options.Root,
                     NsVolumeNames[Index]) >= (int)sizeof(Target) ||
            snprintf(Source, sizeof(Source), "%s/%s", Server->Options.Fixtures,
                     NsVolumeNames[Index]) >= (int)sizeof(Source))
            return -1;
        if (nftw(Target, NspRemove, 16, FTW_DEPTH | FTW_PHYS) < 0 &&
            errno != ENOENT)
            return -1;
        if (NspCopyTree(Source, Target) < 0)
            return -1;
    }
    return 0;
}
