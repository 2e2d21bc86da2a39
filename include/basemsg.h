/*
 * basemsg.h - what CSRSS's base server shares with its clients: the
 * DefineDosDevice flags, the limits of names and targets, the drive table's
 * entry and the drive audit, and the base server's API messages. The
 * server is user/csrss/basesrv; the clients are user/lib and the tests.
 */
#ifndef BASEMSG_H
#define BASEMSG_H

#include "ntdef.h"

/* DefineDosDevice flags, NT's values. */
#define DDD_RAW_TARGET_PATH         0x00000001u
#define DDD_REMOVE_DEFINITION       0x00000002u
#define DDD_EXACT_MATCH_ON_REMOVE   0x00000004u
#define DDD_NO_BROADCAST_SYSTEM     0x00000008u
#define DDD_VALID_FLAGS             0x0000000Fu

/* Where DOS device names live, and the prefix a non-raw target gets. */
#define BASESRV_DOSDEVICES          "\\DosDevices\\"

#define BASESRV_MAX_NAME            64      /* a device name, with its NUL */
#define BASESRV_MAX_PATH            128     /* one target, with its NUL */
#define BASESRV_MAX_TARGETS         512     /* a link's whole target list */
#define BASESRV_DRIVES              26

/*
 * A target list is what a link's target holds: the definitions of a name,
 * newest first, each followed by a NUL ("t1\0t2\0"). Length counts every
 * byte, the NULs included; an empty list has Length 0.
 */
typedef struct _BASESRV_TARGET_LIST {
    ULONG Length;
    CHAR Buffer[BASESRV_MAX_TARGETS];
} BASESRV_TARGET_LIST, *PBASESRV_TARGET_LIST;

typedef enum _BASESRV_DRIVE_STATE {
    BaseSrvDriveFree = 0,
    BaseSrvDriveConnecting,
    BaseSrvDriveInUse,
    BaseSrvDriveDisconnecting,
} BASESRV_DRIVE_STATE;

typedef struct _BASESRV_DRIVE_ENTRY {
    ULONG State;                /* BASESRV_DRIVE_STATE */
    ULONG OwnerProcessId;       /* 0: the system (a boot-time letter) */
    ULONGLONG OwnerLogonId;     /* the owner's logon-session LUID */
    ULONG References;           /* definitions basesrv has pushed on the letter */
    ULONG DriveType;            /* DRIVE_* of the top target's device, as learnt */
} BASESRV_DRIVE_ENTRY, *PBASESRV_DRIVE_ENTRY;

/* The audit of one letter (audit.c). */
typedef enum _BASESRV_BACKING {
    BaseSrvBackingNone = 0,     /* no link */
    BaseSrvBackingLocal,        /* the top target is not a redirector path */
    BaseSrvBackingLive,         /* a live connection serves the top target */
    BaseSrvBackingDead,         /* a redirector path no live connection serves */
} BASESRV_BACKING;

/* Why a letter is orphaned (docs/ARCHITECTURE.md, "The drive table and the race"). */
#define BASESRV_ORPHAN_DEAD_TOP     0x01u   /* the link's top target has no live connection */
#define BASESRV_ORPHAN_TABLE        0x02u   /* the drive-table entry and the link disagree */

typedef struct _BASESRV_DRIVE_AUDIT {
    BASESRV_DRIVE_ENTRY Entry;
    BOOLEAN LinkExists;
    BOOLEAN DriveMapBit;
    BASESRV_TARGET_LIST Targets;
    ULONG TargetCount;
    ULONG Backing;              /* BASESRV_BACKING of the top target */
    ULONG BackingProcessId;     /* with BaseSrvBackingLive */
    ULONG StaleBeneath;         /* dead redirector targets under the top */
    ULONG Orphan;               /* BASESRV_ORPHAN_* bits; 0 when healthy */
} BASESRV_DRIVE_AUDIT, *PBASESRV_DRIVE_AUDIT;

/* BasepDefineDosDeviceApi. */
typedef struct _BASE_DEFINEDOSDEVICE_MSG {
    ULONG Flags;
    CHAR DeviceName[BASESRV_MAX_NAME];
    CHAR TargetPath[BASESRV_MAX_PATH];
} BASE_DEFINEDOSDEVICE_MSG;

/* BasepAuditDriveApi: the audit of one letter, at a quiet point. */
typedef struct _BASE_AUDITDRIVE_MSG {
    ULONG Drive;                    /* in: 0 for A: */
    BASESRV_DRIVE_AUDIT Audit;      /* out */
} BASE_AUDITDRIVE_MSG;

/* BasepDropDeviceApi (irplab's; NT's CSNW sent one DefineDosDevice remove
   per letter): every definition under Device leaves every drive letter.
   The SYSTEM logon session only. */
typedef struct _BASE_DROPDEVICE_MSG {
    CHAR Device[BASESRV_MAX_PATH];  /* in: "\Device\NwRdr" */
    ULONG Letters;                  /* out: letters changed */
    ULONG Definitions;              /* out: definitions dropped */
} BASE_DROPDEVICE_MSG;

#endif
