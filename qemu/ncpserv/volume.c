/*
 * volume.c - ncpserv's volumes: SYS and MAIL, each a folder ROOT/<VOLUME>
 * restored from FIXTURES/<VOLUME> at start and at every reset, served
 * through the host volume code both servers share (qemu/netvol: names,
 * the walk that follows no link, wildcards, listings, the restore).
 *
 * NetWare paths use '\' or '/'; a path is either absolute
 * ("SYS:PUBLIC\README.TXT", "NWSERVER/SYS:PUBLIC") or relative to a
 * directory handle. Resolution never leaves the volume: ".." above the
 * root, bad characters, DOS device names (CON, NUL.TXT), a name ending in
 * a dot, an embedded NUL and over-long names are 0x9C (invalid path).
 * Before login a station may only reach SYS:LOGIN, as on NetWare.
 *
 * In deterministic mode every date is netvol's fixed one and volume sizes
 * are fixed, so that two runs give the same reply bytes.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "qemu/ncpserv/ncpserv.h"

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
        if (!NvAppend(Out->Path, Component))
            return NCP_E_INVALID_PATH;
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
    return NvAppend(Out->Path, Name) ? NCP_OK : NCP_E_INVALID_PATH;
}

/* The directory Path names, open for reading; -1 when it is not one. */
int NsOpenDirectory(PNS_SERVER Server, const NS_PATH *Path)
{
    if (Path->Volume >= NS_VOLUME_COUNT)
        return -1;
    return NvOpenDirectory(Server->Options.Root, NsVolumeNames[Path->Volume], Path->Path);
}

/* The directory that holds Path's last component (in *Name); Path is not
   a volume's root. The caller opens *Name in it with O_NOFOLLOW. */
int NsOpenParent(PNS_SERVER Server, const NS_PATH *Path, const char **Name)
{
    if (Path->Volume >= NS_VOLUME_COUNT)
        return -1;
    return NvOpenParent(Server->Options.Root, NsVolumeNames[Path->Volume], Path->Path,
                        Name);
}

const char *NsLastComponent(const NS_PATH *Path)
{
    return NvLastComponent(Path->Path);
}

/*
 * A file's attributes: Archive Needed, which NetWare sets on every file
 * created or changed since its last backup (ncpserv's never had one).
 */
UCHAR NsFileAttributes(const struct stat *Status)
{
    return S_ISDIR(Status->st_mode) ? NCP_ATTR_DIRECTORY : NCP_ATTR_ARCHIVE;
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

/* ROOT/<VOLUME> := FIXTURES/<VOLUME>, for every volume. */
int NsRestoreVolumes(PNS_SERVER Server)
{
    int Index;

    for (Index = 0; Index < NS_VOLUME_COUNT; Index++)
        if (NvRestore(Server->Options.Root, Server->Options.Fixtures,
                      NsVolumeNames[Index]) < 0)
            return -1;
    return 0;
}
