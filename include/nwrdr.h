/*
 * nwrdr.h - what NWRDR (the NetWare redirector) shares with its callers,
 * the public part of the driver: its device name and its file-system
 * control codes. The network provider (user/lib) and CSRSS's drive audit
 * call these; the stand-in redirector of the guest tests
 * (tests/guest/drivers/stubrdr.c) answers them today, the real NWRDR over
 * IPX/NCP later, with the same codes.
 *
 * Targets are whole redirector paths, NUL-terminated:
 * "\Device\NwRdr\;X:\SERVER\VOLUME". A connection belongs to the process
 * that made it (NWRDR keeps a user context per process); each FSCTL is
 * sent on a handle to \Device\NwRdr itself, in the caller's process.
 *
 *   FSCTL_NWR_CREATE_CONNECTION  in: target. The caller's connection for
 *       the target. STATUS_OBJECT_NAME_COLLISION when the caller already
 *       has one for that letter; STATUS_OBJECT_PATH_SYNTAX_BAD for a
 *       target that is not "\Device\NwRdr\;X:\SERVER\VOLUME".
 *   FSCTL_NWR_DELETE_CONNECTION  in: "X:"; out: the deleted connection's
 *       target. STATUS_OBJECT_NAME_NOT_FOUND when no process has one for
 *       X:, STATUS_ACCESS_DENIED when only another process has.
 *   FSCTL_NWR_LOOKUP_CONNECTION  in: target; out: ULONG, the process whose
 *       live connection serves it. STATUS_OBJECT_NAME_NOT_FOUND when none.
 *
 * Opening "\Device\NwRdr\;X:\SERVER\VOLUME[\PATH]" succeeds only while a
 * live connection serves that target (STATUS_BAD_NETWORK_NAME otherwise).
 */
#ifndef NWRDR_H
#define NWRDR_H

#include "ntio.h"

#define NWR_DEVICE_NAME     "\\Device\\NwRdr"
#define NWR_MAX_TARGET      128

#define NWR_FILE_DEVICE     0x14    /* FILE_DEVICE_NETWORK_FILE_SYSTEM */

#define FSCTL_NWR_CREATE_CONNECTION \
    CTL_CODE(NWR_FILE_DEVICE, 0x201, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define FSCTL_NWR_DELETE_CONNECTION \
    CTL_CODE(NWR_FILE_DEVICE, 0x202, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define FSCTL_NWR_LOOKUP_CONNECTION \
    CTL_CODE(NWR_FILE_DEVICE, 0x203, METHOD_BUFFERED, FILE_ANY_ACCESS)

#endif
