/*
 * netvol.h - a served volume on the host: what ncpserv and smbserv share
 * of a folder they serve to the wire, whatever protocol names its files.
 *
 * A volume is the folder ROOT/<VOLUME>, restored from FIXTURES/<VOLUME> at
 * start and at every reset. Inside it, a path is upper-case 8.3 names
 * joined by '/' ("" is the volume's root); a protocol's own path syntax
 * (NetWare's "SYS:PUBLIC\X", SMB's "\PUBLIC\X") is turned into this one,
 * a component at a time, through NvAppend, which never lets ".." climb
 * above the root and refuses every name DOS could not hold.
 *
 * On the host, a path is opened from ROOT/<VOLUME> one component at a
 * time with openat and O_NOFOLLOW (NvOpenDirectory, NvOpenParent): a
 * symbolic link anywhere on the way - one that leads out of the volume or
 * one that stays inside it - ends the walk, so no request reaches what its
 * path does not name. Listings hold valid 8.3 files and folders, never
 * links, sorted so that a search's position in one is stable.
 *
 * Interface:
 *   NvValidName        DOS's 8.3 rule, upper case, no device names
 *   NvAppend           one component onto a path, "." and ".." applied
 *   NvOpenDirectory, NvOpenParent, NvLastComponent
 *                      the host side of a path, no link followed
 *   NvSplitPattern, NvMatchPattern
 *                      wildcards: plain ('*', '?') and DOS's (0xAA, 0xBF,
 *                      0xAE), in time linear in the name times the pattern
 *   NvListDirectory    an open folder's valid names, sorted
 *   NvDosDateTime      a host time as DOS's date and time words
 *   NvRoomFor          the volume limit: may a file grow from Size to End?
 *   NvRestore          ROOT/<VOLUME> := FIXTURES/<VOLUME>
 */
#ifndef NETVOL_H
#define NETVOL_H

#include <time.h>

#include "ntdef.h"

#define NV_NAME_LENGTH   14      /* the longest name listed or matched */
#define NV_PATH_MAX      256     /* a path inside a volume, with its NUL */
#define NV_HOST_PATH_MAX 1024

/* What NvListDirectory lists. */
#define NV_LIST_FILES        0x01
#define NV_LIST_DIRECTORIES  0x02

BOOLEAN NvValidName(const char *Name);
BOOLEAN NvAppend(char Path[NV_PATH_MAX], const char *Component);
int NvOpenDirectory(const char *Root, const char *Volume, const char *Path);
int NvOpenParent(const char *Root, const char *Volume, const char *Path,
                 const char **Name);
const char *NvLastComponent(const char *Path);
void NvSplitPattern(const char *Name, char *Directory, char *Pattern);
BOOLEAN NvMatchPattern(const char *Pattern, const char *Name);
int NvListDirectory(int Directory, ULONG What,
                    char (*Names)[NV_NAME_LENGTH + 1], ULONG Max);
void NvDosDateTime(BOOLEAN Deterministic, time_t When, PUSHORT Date,
                   PUSHORT Time);
int NvRestore(const char *Root, const char *Fixtures, const char *Volume);
BOOLEAN NvRoomFor(LONGLONG Grown, ULONG Limit, LONGLONG Size, LONGLONG End);

#endif
