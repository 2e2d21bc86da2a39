/*
 * basesrv.h - CSRSS's base server: DefineDosDevice, the drive table and the
 * drive audit, in the two variants of docs/ARCHITECTURE.md ("rtm" as NT 3.51 shipped,
 * "sp" as the service pack fixed it), chosen at run time.
 *
 * The server reaches the world only through a BASESRV_ENV, a table of
 * functions the kernel fills with native calls and the host model check
 * fills with an in-memory object manager and redirector. Nothing here
 * includes more than <stdint.h>, <stddef.h>, <string.h>, include/ntdef.h,
 * include/obtypes.h and include/basemsg.h (the types basesrv shares with its clients), so the
 * same files build for the host model check and for the CSRSS process
 * (obtypes.h for the DRIVE_* values).
 *
 * Interface:
 *   BaseSrvInitialize       set up a server over an environment; letters that
 *                           already have a link (C: at boot) enter the table
 *                           as in use by the system (process 0)
 *   BaseSrvDefineDosDevice  the server side of DefineDosDevice (dosdev.c)
 *   BaseSrvAuditDrives      per letter: table entry, link, targets, drive-map
 *                           bit, backing connection, orphan verdict (audit.c)
 *   BaseSrvDropDevice       every definition under a device dropped from
 *                           every letter, for the SYSTEM session (drop.c)
 *   BaseSrvParseVariant     "rtm" / "sp" to a BASESRV_VARIANT
 *   BaseSrvp*List*          the push-down target list (targets.c)
 */
#ifndef BASESRV_H
#define BASESRV_H

#include "ntdef.h"
#include "obtypes.h"
#include "basemsg.h"


/* The variants. Their values are KeBootArgs.BaseSrv's (kernel/ke/ke.h
   BASESRV_RTM 0, BASESRV_SP 1), so the kernel passes its boot argument. */
typedef enum _BASESRV_VARIANT {
    BaseSrvRtm = 0,
    BaseSrvSp = 1,
} BASESRV_VARIANT;

/*
 * The environment: every function the server calls outside itself. Each
 * one touches state other threads share, so the server calls Yield just
 * before each (except the caller-identity queries): that is where the host
 * model switches coroutines and where the kernel may place a schedule
 * point. The audit, made at quiet points, takes the lock and reads without
 * yielding; LookupConnection and QueryDriveMap serve only the audit.
 * In the kernel:
 *   AcquireLock/ReleaseLock  the basesrv mutant (NtWaitForSingleObject /
 *                            NtReleaseMutant); sp holds it across the
 *                            type query's round trip, rtm never
 *   QueryLink    NtOpenSymbolicLinkObject + NtQuerySymbolicLinkObject +
 *                NtClose: STATUS_OBJECT_NAME_NOT_FOUND when there is none
 *   CreateLink   NtCreateSymbolicLinkObject, OBJ_PERMANENT, then NtClose;
 *                STATUS_OBJECT_NAME_COLLISION when the name is taken
 *   DeleteLink   NtOpenSymbolicLinkObject + NtMakeTemporaryObject + NtClose:
 *                the name leaves the namespace when its LAST handle closes,
 *                so while another process holds one it lingers
 *   QueryTargetType  the DRIVE_* type of a target's device: NtOpenFile of
 *                the target as the caller (the server thread impersonates
 *                its LPC client), FileFsDeviceInformation, NtClose - for
 *                NWRDR a network round trip. DRIVE_UNKNOWN when the target
 *                cannot be opened; it never fails the define
 *   LookupConnection  NWRDR's FSCTL that says which process's connection
 *                serves a target: STATUS_SUCCESS and *ProcessId,
 *                STATUS_OBJECT_NAME_NOT_FOUND when no live connection does,
 *                STATUS_OBJECT_TYPE_MISMATCH when the target is not a
 *                redirector path (a local device)
 *   QueryDriveMap  the object manager's drive map (bit N: letter 'A' + N)
 *   CallerProcessId/CallerLogonId  from the LPC message's client id and the
 *                client's token
 */
typedef struct _BASESRV_ENV {
    PVOID Context;
    VOID (*Yield)(PVOID Context);
    VOID (*AcquireLock)(PVOID Context);
    VOID (*ReleaseLock)(PVOID Context);
    ULONG (*CallerProcessId)(PVOID Context);
    ULONGLONG (*CallerLogonId)(PVOID Context);
    NTSTATUS (*QueryLink)(PVOID Context, PCSTR LinkName, PCHAR Targets, ULONG Size,
                          PULONG Length);
    NTSTATUS (*CreateLink)(PVOID Context, PCSTR LinkName, PCSTR Targets, ULONG Length);
    NTSTATUS (*DeleteLink)(PVOID Context, PCSTR LinkName);
    ULONG (*QueryTargetType)(PVOID Context, PCSTR Target);
    NTSTATUS (*LookupConnection)(PVOID Context, PCSTR Target, PULONG ProcessId);
    ULONG (*QueryDriveMap)(PVOID Context);
    /* Optional (NULL: none): a drive-table entry was written. */
    VOID (*NoteEntry)(PVOID Context, ULONG Drive, ULONG State);
} BASESRV_ENV, *PBASESRV_ENV;

typedef struct _BASESRV_SERVER {
    BASESRV_VARIANT Variant;
    PBASESRV_ENV Env;
    /* The environment's basesrv lock must be held when using these: */
    BASESRV_DRIVE_ENTRY Drives[BASESRV_DRIVES];
} BASESRV_SERVER, *PBASESRV_SERVER;

/* dosdev.c */
NTSTATUS BaseSrvInitialize(PBASESRV_SERVER Server, BASESRV_VARIANT Variant,
                           PBASESRV_ENV Env);
NTSTATUS BaseSrvDefineDosDevice(PBASESRV_SERVER Server, ULONG Flags,
                                PCSTR DeviceName, PCSTR TargetPath);
NTSTATUS BaseSrvParseVariant(PCSTR Name, BASESRV_VARIANT *Variant);
PCSTR BaseSrvVariantName(BASESRV_VARIANT Variant);
PCSTR BaseSrvDriveStateName(ULONG State);

/* targets.c: names and the push-down list, pure functions. */
LONG BaseSrvpDriveIndex(PCSTR DeviceName);
NTSTATUS BaseSrvpLinkName(PCSTR DeviceName, PCHAR LinkName, ULONG Size);
BOOLEAN BaseSrvpEqualNoCase(PCSTR A, PCSTR B, SIZE_T Count);
ULONG BaseSrvpListCount(const BASESRV_TARGET_LIST *List);
PCSTR BaseSrvpListNext(const BASESRV_TARGET_LIST *List, PCSTR Entry);
NTSTATUS BaseSrvpListPush(PBASESRV_TARGET_LIST List, PCSTR Target);
BOOLEAN BaseSrvpListRemove(PBASESRV_TARGET_LIST List, PCSTR Target, BOOLEAN Exact);

/* drop.c */
#define BASESRV_SYSTEM_LOGON_ID 0x3E7ull     /* NT's SYSTEM logon session */
NTSTATUS BaseSrvDropDevice(PBASESRV_SERVER Server, PCSTR Device, PULONG Letters,
                           PULONG Definitions);

/* audit.c */

ULONG BaseSrvAuditDrives(PBASESRV_SERVER Server, BASESRV_DRIVE_AUDIT Audit[BASESRV_DRIVES]);
NTSTATUS BaseSrvAuditDrive(PBASESRV_SERVER Server, ULONG Drive, PBASESRV_DRIVE_AUDIT Audit);

/* ntenv.c (in the CSRSS process): the environment over the native API. A
   server thread points its TEB's CsrClientThread at the caller. */
typedef struct _BASESRV_CLIENT {
    ULONG ProcessId;
    ULONGLONG LogonId;
    PVOID Port;                 /* HANDLE: the API port the request came in on */
    PVOID Request;              /* PPORT_MESSAGE: the request being served, whom
                                   NtImpersonateClientOfPort acts as */
} BASESRV_CLIENT, *PBASESRV_CLIENT;

NTSTATUS BaseSrvNtEnvironment(PBASESRV_ENV *Env);

#endif
