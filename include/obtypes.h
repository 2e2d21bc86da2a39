/*
 * obtypes.h - the object manager's types that the native API shares with
 * user/: handles, access masks and rights, object attributes, and the
 * shape of the drive map (NT's PROCESS_DEVICEMAP_INFORMATION).
 *
 * Values are NT's own, so that code written against NT's headers reads
 * the same here.
 */
#ifndef OBTYPES_H
#define OBTYPES_H

#include "ntdef.h"
#include "ntstring.h"

/* A handle is an index into a handle table, times 4; never 0. */
typedef PVOID HANDLE, *PHANDLE;

typedef ULONG ACCESS_MASK, *PACCESS_MASK;

/* Standard rights, in every object type. */
#define DELETE                      0x00010000u
#define READ_CONTROL                0x00020000u
#define WRITE_DAC                   0x00040000u
#define WRITE_OWNER                 0x00080000u
#define SYNCHRONIZE                 0x00100000u
#define STANDARD_RIGHTS_REQUIRED    0x000F0000u
#define STANDARD_RIGHTS_READ        READ_CONTROL
#define STANDARD_RIGHTS_WRITE       READ_CONTROL
#define STANDARD_RIGHTS_EXECUTE     READ_CONTROL
#define MAXIMUM_ALLOWED             0x02000000u

/* Generic rights: each object type maps them to its own rights. */
#define GENERIC_READ                0x80000000u
#define GENERIC_WRITE               0x40000000u
#define GENERIC_EXECUTE             0x20000000u
#define GENERIC_ALL                 0x10000000u

typedef struct _GENERIC_MAPPING {
    ACCESS_MASK GenericRead;
    ACCESS_MASK GenericWrite;
    ACCESS_MASK GenericExecute;
    ACCESS_MASK GenericAll;
} GENERIC_MAPPING, *PGENERIC_MAPPING;

/* Directory objects. */
#define DIRECTORY_QUERY             0x0001u
#define DIRECTORY_TRAVERSE          0x0002u
#define DIRECTORY_CREATE_OBJECT     0x0004u
#define DIRECTORY_CREATE_SUBDIRECTORY 0x0008u
#define DIRECTORY_ALL_ACCESS        (STANDARD_RIGHTS_REQUIRED | 0x000Fu)

/* Symbolic link objects. */
#define SYMBOLIC_LINK_QUERY         0x0001u
#define SYMBOLIC_LINK_ALL_ACCESS    (STANDARD_RIGHTS_REQUIRED | 0x0001u)

/* One entry of NtQueryDirectoryObject's answer: NT's
   OBJECT_DIRECTORY_INFORMATION, with 8-bit strings as every name here. The
   caller's buffer gets the entries, then a zeroed one that ends them, then
   the strings they point at, each NUL-terminated (MaximumLength counts
   the NUL). */
typedef struct _OBJECT_DIRECTORY_INFORMATION {
    STRING Name;                /* one component: "C:" */
    STRING TypeName;            /* "SymbolicLink", "Directory", ... */
} OBJECT_DIRECTORY_INFORMATION, *POBJECT_DIRECTORY_INFORMATION;

/* Object attributes. Names are always compared without case, as NT does
   for every type it ships, so OBJ_CASE_INSENSITIVE is accepted and implied. */
#define OBJ_INHERIT                 0x00000002u
#define OBJ_PERMANENT               0x00000010u
#define OBJ_EXCLUSIVE               0x00000020u
#define OBJ_CASE_INSENSITIVE        0x00000040u
#define OBJ_OPENIF                  0x00000080u
#define OBJ_OPENLINK                0x00000100u
#define OBJ_KERNEL_HANDLE           0x00000200u     /* in the System process's table,
                                                       valid in any process (kernel only) */

#define OBJ_NAME_PATH_SEPARATOR     '\\'

/* What names an object for a native call that creates or opens one. */
typedef struct _OBJECT_ATTRIBUTES {
    ULONG Length;
    HANDLE RootDirectory;       /* must be NULL here: names are absolute */
    PSTRING ObjectName;
    ULONG Attributes;           /* OBJ_* */
} OBJECT_ATTRIBUTES, *POBJECT_ATTRIBUTES;

#define InitializeObjectAttributes(p, n, a, r, s) \
    do { (p)->Length = sizeof(OBJECT_ATTRIBUTES); (p)->RootDirectory = (r); \
         (p)->ObjectName = (n); (p)->Attributes = (a); (void)(s); } while (0)

/* Drive types, as GetDriveType returns them. */
#define DRIVE_UNKNOWN               0
#define DRIVE_NO_ROOT_DIR           1
#define DRIVE_REMOVABLE             2
#define DRIVE_FIXED                 3
#define DRIVE_REMOTE                4
#define DRIVE_CDROM                 5
#define DRIVE_RAMDISK               6

/* The drive map: bit N and DriveType[N] are drive letter 'A' + N. The
   layout of NT's PROCESS_DEVICEMAP_INFORMATION.Query. */
typedef struct _OB_DRIVE_MAP {
    ULONG DriveMap;
    UCHAR DriveType[32];
} OB_DRIVE_MAP, *POB_DRIVE_MAP;

#endif
