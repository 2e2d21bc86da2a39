/*
 * mpr.h - the NetWare network provider: `net use X: \\SERVER\VOLUME` and
 * `net use X: /delete`, as NT's MPR and the CSNW provider DLL do them.
 *
 * A connection is made by NWRDR in the CALLER's process context (NWRDR
 * keeps one per process), and the drive letter is the link
 * \DosDevices\X: -> \Device\NwRdr\;X:\SERVER\VOLUME that CSRSS's basesrv
 * defines. The provider checks that the letter is free only on the client
 * side (QueryDosDevice, no CSRSS lock); CSRSS pushes whatever it is given.
 *
 * The order of the steps is what makes the redirector's letter a lock:
 * add creates the connection before it defines the letter, cancel removes
 * the letter before it deletes the connection. So while a definition of
 * X: is in flight in CSRSS, the connection for X: exists in the caller's
 * user context, and a second request for X: in the SAME context fails in
 * the redirector (85) before it reaches CSRSS. With one context per
 * process (NWRDR) two processes are never in the same context: both reach
 * CSRSS, and rtm's split critical section can lose one's update.
 *
 * The provider reaches the world through an NWP_ENV. In the kernel:
 *   Yield            a schedule point (a no-op where the native calls below
 *                    are schedule points already)
 *   QueryDosDevice   NtOpenSymbolicLinkObject/NtQuerySymbolicLinkObject/
 *                    NtClose on \DosDevices\NAME (STATUS_OBJECT_NAME_NOT_FOUND
 *                    when there is no link)
 *   DefineDosDevice  the LPC request to CSRSS (BaseSrvDefineDosDevice)
 *   CreateConnection NtFsControlFile(FSCTL_NWR_CREATE_CONNECTION) on NWRDR:
 *                    the connection for Target, in the caller's process,
 *                    logged in as UserName (NULL: the caller's) with
 *                    Password (NULL: none)
 *   GetConnection    NtFsControlFile(FSCTL_NWR_GET_CONNECTION): the remote
 *                    name ("\\SERVER\VOLUME") of the caller's connection
 *                    for letter LocalName; STATUS_OBJECT_NAME_NOT_FOUND when
 *                    there is none, STATUS_ACCESS_DENIED when only another
 *                    context has one
 *   DeleteConnection NtFsControlFile(FSCTL_NWR_DELETE_CONNECTION): delete the
 *                    caller's connection for letter LocalName and return its
 *                    target; as GetConnection, and STATUS_FILES_OPEN when
 *                    files are open on it and the delete is not forced
 * The provider calls Yield before each function except DefineDosDevice,
 * whose server side yields for itself.
 *
 * Interface:
 *   NwpAddConnection     net use X: \\SERVER\VOLUME [/user:NAME PASSWORD]; a
 *                        Win32 error (0: done)
 *   NwpCancelConnection  net use X: /delete; a Win32 error
 *   NwpConnectionTarget  the link target for a letter and a remote name
 */
#ifndef MPR_H
#define MPR_H

#include "ntdef.h"

#define NWP_DEVICE          "\\Device\\NwRdr"
#define NWP_MAX_TARGET      128

typedef struct _NWP_ENV {
    PVOID Context;
    VOID (*Yield)(PVOID Context);
    NTSTATUS (*QueryDosDevice)(PVOID Context, PCSTR DeviceName, PCHAR Targets, ULONG Size,
                               PULONG Length);
    NTSTATUS (*DefineDosDevice)(PVOID Context, ULONG Flags, PCSTR DeviceName,
                                PCSTR TargetPath);
    NTSTATUS (*CreateConnection)(PVOID Context, PCSTR Target, PCSTR UserName, PCSTR Password);
    NTSTATUS (*GetConnection)(PVOID Context, PCSTR LocalName, PCHAR RemoteName, ULONG Size);
    NTSTATUS (*DeleteConnection)(PVOID Context, PCSTR LocalName, PCHAR Target, ULONG Size);
} NWP_ENV, *PNWP_ENV;

ULONG NwpAddConnection(PNWP_ENV Env, PCSTR LocalName, PCSTR RemoteName, PCSTR UserName,
                       PCSTR Password);
ULONG NwpCancelConnection(PNWP_ENV Env, PCSTR LocalName);
ULONG NwpConnectionTarget(PCSTR LocalName, PCSTR RemoteName, PCHAR Target, ULONG Size);

#endif
