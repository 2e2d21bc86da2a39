/*
 * netvol.c - a served volume on the host (interface and rules in
 * netvol.h): names, paths, the walk that follows no link, wildcards,
 * listings, DOS dates and the restore from fixtures.
 *
 * Names are DOS's: upper-case 8.3, DOS's punctuation, never a device
 * (CON, NUL.TXT), never ending in a dot. NvAppend refuses anything else,
 * and ".." above the root, so that a path built only through it names
 * something inside the volume.
 *
 * Patterns are matched in time proportional to name length times pattern
 * length, never more.
 *
 * In deterministic mode every date is NV_FIXED_*, so that two runs of a
 * server give the same reply bytes.
 *
 * The volume limit, one rule for both servers: a volume's files may hold
 * at most Limit bytes more than they did at the last reset (or start).
 * The server counts what its files gained (Grown: what a write adds to a
 * file's host size, a hole too, less what erasing, emptying or shortening
 * gives back); NvRoomFor says whether a file may go from Size to End.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qemu/netvol/netvol.h"

/* 1 July 1996, 12:00:00: the summer of KB Q150047. */
#define NV_FIXED_YEAR   1996
#define NV_FIXED_MONTH  7
#define NV_FIXED_DAY    1
#define NV_FIXED_HOUR   12

/* DOS's device names, with or without an extension: never a file. */
static BOOLEAN NvpDeviceName(const char *Name, size_t Base)
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
BOOLEAN NvValidName(const char *Name)
{
    static const char Allowed[] = "_-$~!#%&{}()@'`^";
    const char *Dot = strchr(Name, '.');
    size_t Base = Dot ? (size_t)(Dot - Name) : strlen(Name);
    const char *Scan;

    if (Base == 0 || Base > 8 || (Dot && (strchr(Dot + 1, '.') || Dot[1] == '\0' ||
                                          strlen(Dot + 1) > 3)))
        return FALSE;
    if (NvpDeviceName(Name, Base))
        return FALSE;
    for (Scan = Name; *Scan; Scan++) {
        if (*Scan == '.' || isupper((unsigned char)*Scan) ||
            isdigit((unsigned char)*Scan) || strchr(Allowed, *Scan))
            continue;
        return FALSE;
    }
    return TRUE;
}

/* Appends one component to Path, applying "." and ".."; FALSE (Path as
   it was) for ".." at the root, an invalid name or no room. */
BOOLEAN NvAppend(char Path[NV_PATH_MAX], const char *Component)
{
    size_t Used = strlen(Path);
    char *Slash;

    if (Component[0] == '\0' || strcmp(Component, ".") == 0)
        return TRUE;
    if (strcmp(Component, "..") == 0) {
        if (Used == 0)
            return FALSE;
        Slash = strrchr(Path, '/');
        *(Slash ? Slash : Path) = '\0';
        return TRUE;
    }
    if (!NvValidName(Component) || Used + 1 + strlen(Component) >= NV_PATH_MAX)
        return FALSE;
    if (Used != 0)
        strcat(Path, "/");
    strcat(Path, Component);
    return TRUE;
}

#define NV_WALK_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

/* ROOT/<VOLUME>/ then Length bytes of Path's components, no link followed. */
static int NvpWalk(const char *Root, const char *Volume, const char *Path, size_t Length)
{
    char Component[NV_PATH_MAX];
    size_t Taken = 0, Size;
    int Directory, Next;

    Directory = open(Root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (Directory < 0)
        return -1;
    Next = openat(Directory, Volume, NV_WALK_FLAGS);
    close(Directory);
    Directory = Next;
    while (Directory >= 0 && Taken < Length) {
        Size = strcspn(Path + Taken, "/");
        if (Size > Length - Taken)
            Size = Length - Taken;
        memcpy(Component, Path + Taken, Size);
        Component[Size] = '\0';
        Next = openat(Directory, Component, NV_WALK_FLAGS);
        close(Directory);
        Directory = Next;
        Taken += Size + 1;
    }
    return Directory;
}

/* The directory Path names, open for reading; -1 when it is not one. */
int NvOpenDirectory(const char *Root, const char *Volume, const char *Path)
{
    return NvpWalk(Root, Volume, Path, strlen(Path));
}

/* The directory that holds Path's last component (in *Name); Path is not
   a volume's root. The caller opens *Name in it with O_NOFOLLOW. */
int NvOpenParent(const char *Root, const char *Volume, const char *Path,
                 const char **Name)
{
    const char *Slash = strrchr(Path, '/');

    *Name = Slash ? Slash + 1 : Path;
    return NvpWalk(Root, Volume, Path, Slash ? (size_t)(Slash - Path) : 0);
}

const char *NvLastComponent(const char *Path)
{
    const char *Slash = strrchr(Path, '/');

    return Slash ? Slash + 1 : Path;
}

/*
 * Wildcards, two kinds. The plain ones, as a program that asks a NetWare
 * server directly sends them: '*' any run of characters, dots included;
 * '?' exactly one character. DOS's, which NetWare's DOS requester sends
 * as a DOS program's '*', '?' and '.' with the high bit set and which
 * smbserv makes of an SMB client's (core SMB's wildcards have DOS's
 * meaning), so that an 8.3 name keeps DOS's sense of them: 0xAA any run
 * within the name or the extension (never across the dot), 0xBF one
 * character, or none at the end of the name or the extension (so
 * FILE\xBF\xBF\xBF\xBF finds FILE), 0xAE the dot, or the end of a name
 * that has no extension.
 * Letters match in any case. A name without an extension also matches as
 * if it ended in a dot, so *.* finds it, as DOS users expect.
 */
enum {
    NV_LITERAL, NV_ANY_RUN, NV_ANY_ONE, NV_DOS_RUN, NV_DOS_ONE, NV_DOS_DOT,
};

static int NvpToken(unsigned char Byte, char *Literal)
{
    switch (Byte) {
    case '*': return NV_ANY_RUN;
    case '?': return NV_ANY_ONE;
    case 0xAA: return NV_DOS_RUN;
    case 0xBF: return NV_DOS_ONE;
    case 0xAE: return NV_DOS_DOT;
    }
    *Literal = (char)toupper(Byte);
    return NV_LITERAL;
}

/* May the pattern element Token (at Name[At], Rest[] the answers for the
   pattern after it, Here[] for the pattern from it) match there? */
static BOOLEAN NvpStep(int Token, char Literal, const char *Name, size_t At,
                       const BOOLEAN *Rest, const BOOLEAN *Here)
{
    char Char = Name[At];
    BOOLEAN InPart = Char != '\0' && Char != '.';

    switch (Token) {
    case NV_ANY_RUN: return Rest[At] || (Char != '\0' && Here[At + 1]);
    case NV_ANY_ONE: return Char != '\0' && Rest[At + 1];
    case NV_DOS_RUN: return Rest[At] || (InPart && Here[At + 1]);
    case NV_DOS_ONE: return InPart ? Rest[At + 1] : Rest[At];
    case NV_DOS_DOT: return Char == '.' ? Rest[At + 1] : (Char == '\0' && Rest[At]);
    }
    return Char != '\0' && Char == Literal && Rest[At + 1];
}

/*
 * Dynamic programming from the ends: after the step for pattern element P,
 * Rest[N] says whether the pattern from P matches the name from N. Time is
 * name length times pattern length, never more, whatever the pattern.
 */
static BOOLEAN NvpMatch(const char *Pattern, const char *Name)
{
    BOOLEAN Rest[NV_NAME_LENGTH + 2], Here[NV_NAME_LENGTH + 2];
    size_t Length = strlen(Name), At, Element = strlen(Pattern);
    char Literal = 0;
    int Token;

    if (Length > NV_NAME_LENGTH)
        return FALSE;
    for (At = 0; At <= Length; At++)
        Rest[At] = At == Length;
    while (Element-- > 0) {
        Token = NvpToken((unsigned char)Pattern[Element], &Literal);
        for (At = Length + 1; At-- > 0;)
            Here[At] = NvpStep(Token, Literal, Name, At, Rest, Here);
        memcpy(Rest, Here, sizeof(Rest));
    }
    return Rest[0];
}

BOOLEAN NvMatchPattern(const char *Pattern, const char *Name)
{
    char Dotted[NV_NAME_LENGTH + 2];

    if (NvpMatch(Pattern, Name))
        return TRUE;
    if (strchr(Name, '.') || strlen(Name) >= NV_NAME_LENGTH)
        return FALSE;
    snprintf(Dotted, sizeof(Dotted), "%s.", Name);
    return NvpMatch(Pattern, Dotted);
}

/* Splits "DIR\PATTERN" into the directory part and the last component;
   both buffers hold as much as Name. */
void NvSplitPattern(const char *Name, char *Directory, char *Pattern)
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

static int NvpCompare(const void *Left, const void *Right)
{
    return strcmp(Left, Right);
}

static BOOLEAN NvpListed(const struct stat *Info, ULONG What)
{
    return ((What & NV_LIST_FILES) && S_ISREG(Info->st_mode)) ||
           ((What & NV_LIST_DIRECTORIES) && S_ISDIR(Info->st_mode));
}

/*
 * The valid 8.3 names in the open directory Directory (which stays open),
 * the files, the folders or both (What) - never links - sorted so that
 * search positions are stable. Returns the count, or -1.
 */
int NvListDirectory(int Directory, ULONG What,
                    char (*Names)[NV_NAME_LENGTH + 1], ULONG Max)
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
        if (!NvValidName(Entry->d_name) ||
            fstatat(dirfd(Dir), Entry->d_name, &Info, AT_SYMLINK_NOFOLLOW) < 0 ||
            !NvpListed(&Info, What))
            continue;
        /* NvValidName bounds the name to 12 characters. */
        memcpy(Names[Count++], Entry->d_name, strlen(Entry->d_name) + 1);
    }
    closedir(Dir);
    qsort(Names, Count, sizeof(Names[0]), NvpCompare);
    return (int)Count;
}

void NvDosDateTime(BOOLEAN Deterministic, time_t When, PUSHORT Date, PUSHORT Time)
{
    struct tm Local;

    if (Deterministic || !localtime_r(&When, &Local) || Local.tm_year < 80) {
        *Date = (USHORT)(((NV_FIXED_YEAR - 1980) << 9) | (NV_FIXED_MONTH << 5) |
                         NV_FIXED_DAY);
        *Time = (USHORT)(NV_FIXED_HOUR << 11);
        return;
    }
    *Date = (USHORT)(((Local.tm_year - 80) << 9) | ((Local.tm_mon + 1) << 5) |
                     Local.tm_mday);
    *Time = (USHORT)((Local.tm_hour << 11) | (Local.tm_min << 5) |
                     (Local.tm_sec / 2));
}

static int NvpRemove(const char *Path, const struct stat *Info, int Flag,
                     struct FTW *Walk)
{
    return remove(Path);
}

static int NvpCopyFile(const char *From, const char *To)
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

static int NvpCopyTree(const char *From, const char *To)
{
    char Source[NV_HOST_PATH_MAX], Target[NV_HOST_PATH_MAX];
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
            Status = NvpCopyTree(Source, Target);
        else if (S_ISREG(Info.st_mode))
            Status = NvpCopyFile(Source, Target);
    }
    closedir(Dir);
    return Status;
}

/* ROOT/<VOLUME> := FIXTURES/<VOLUME>: whatever was there goes, links
   included (never followed), and the fixture's files and folders come. */
int NvRestore(const char *Root, const char *Fixtures, const char *Volume)
{
    char Target[NV_HOST_PATH_MAX], Source[NV_HOST_PATH_MAX];

    if (mkdir(Root, 0755) < 0 && errno != EEXIST)
        return -1;
    if (snprintf(Target, sizeof(Target), "%s/%s", Root, Volume) >= (int)sizeof(Target) ||
        snprintf(Source, sizeof(Source), "%s/%s", Fixtures, Volume) >= (int)sizeof(Source))
        return -1;
    if (nftw(Target, NvpRemove, 16, FTW_DEPTH | FTW_PHYS) < 0 && errno != ENOENT)
        return -1;
    return NvpCopyTree(Source, Target);
}

/* May a file of the volume that has Grown bytes go from Size bytes to End?
   Shrinking and staying are always allowed. */
BOOLEAN NvRoomFor(LONGLONG Grown, ULONG Limit, LONGLONG Size, LONGLONG End)
{
    return End <= Size || Grown + (End - Size) <= (LONGLONG)Limit;
}
