/*
 * ramfs.h - RamFs's own: its table of files and what its files share.
 *   ramfs.c      reads, writes, listings, control codes, CLEANUP (delete on
 *                close) and CLOSE, the driver's start and unload
 *   ramfsopen.c  opens: names, dispositions, directories, a rename's target
 *   ramfsinfo.c  query and set information (basic, standard, position, end
 *                of file, disposition, rename), volume information, flush
 *
 * Every file and directory is a slot of RamFsFiles: one name component and
 * the slot of the directory that holds it (RAMFS_ROOT: the volume's root,
 * which has no slot). A file object's FsContext is its slot, or NULL for
 * the root; FsContext2 its RAMFS_OPEN. A slot is named (InUse) until it is
 * deleted - at the CLEANUP of its last handle once a delete is pending, as
 * NT's file systems do - and reused only when no file object holds it
 * (Opens), so that a late request on a deleted file touches nothing else.
 *
 * RamFsSlotLock (ramfs.c) guards every slot: a request holds it for what it
 * reads or changes of them (RamFsCallLocked runs a routine so), never
 * across IoCompleteRequest and never together with another lock.
 */
#ifndef RAMFS_H
#define RAMFS_H

#include "tests/guest/drivers/drivers.h"

#define RAMFS_FILES     32
#define RAMFS_DATA      4096            /* what one file may hold: its allocation unit */
#define RAMFS_NAME      32              /* a component, with its NUL */
#define RAMFS_ROOT      (-1)
#define RAMFS_SECTOR    512
#define RAMFS_EPOCH     124649280000000000LL    /* 1996-01-01 in NT's time: the volume's birth */
#define RAMFS_OPEN_TAG  POOL_TAG('R', 'f', 'O', 'p')    /* RAMFS_OPEN */

typedef struct _RAMFS_FILE {
    CHAR Name[RAMFS_NAME];
    LONG Parent;                /* the slot of its directory, or RAMFS_ROOT */
    BOOLEAN InUse;              /* named: lookups find it */
    BOOLEAN DeletePending;      /* deleted at its last handle's CLEANUP */
    LONG Handles;               /* CREATEs not yet cleaned up */
    LONG Opens;                 /* CREATEs not yet closed */
    ULONG Attributes;           /* FILE_ATTRIBUTE_*: DIRECTORY for a directory */
    LONG64 CreationTime, LastAccessTime, LastWriteTime, ChangeTime;
    ULONG Size;
    UCHAR Data[RAMFS_DATA];
} RAMFS_FILE;

/* FsContext2: one per open, freed at CLOSE. */
typedef struct _RAMFS_OPEN {
    LONG Number;                /* the volume's count of opens when it was made */
    ULONG Position;             /* a listing's next slot */
} RAMFS_OPEN;

extern RAMFS_FILE RamFsFiles[RAMFS_FILES];
extern KSPIN_LOCK RamFsSlotLock;

/* ramfs.c */
typedef NTSTATUS (*RAMFS_LOCKED_ROUTINE)(PIRP Irp, ULONG_PTR *Information);
NTSTATUS RamFsComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information);
NTSTATUS RamFsCallLocked(PIRP Irp, RAMFS_LOCKED_ROUTINE Routine);
LONG64 RamFsNow(VOID);
LONG RamFsSlot(const RAMFS_FILE *File);
BOOLEAN RamFsIsDirectory(const RAMFS_FILE *File);

/* ramfsopen.c */
NTSTATUS RamFsCreate(PDEVICE_OBJECT Device, PIRP Irp);
RAMFS_FILE *RamFsChild(LONG Parent, PCSTRING Name);

/* ramfsinfo.c */
NTSTATUS RamFsQueryInformation(PDEVICE_OBJECT Device, PIRP Irp);
NTSTATUS RamFsSetInformation(PDEVICE_OBJECT Device, PIRP Irp);
NTSTATUS RamFsQueryVolume(PDEVICE_OBJECT Device, PIRP Irp);
NTSTATUS RamFsFlush(PDEVICE_OBJECT Device, PIRP Irp);

#endif
