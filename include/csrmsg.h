/*
 * csrmsg.h - the messages of CSRSS's API port, shared by the server
 * (user/csrss), its clients (user/lib's kernel32 layer, the tests) and the
 * kernel, which starts and stops CSRSS (kernel/ex/csrss.c).
 *
 * A client connects to CSR_API_PORT_NAME, sends a CSR_API_MSG with
 * NtRequestWaitReplyPort and gets it back with ReturnValue and its answer
 * filled in. Every message is self-contained - no pointer into the
 * client's memory - since CSRSS is a process of its own. The caller's
 * identity is not in the message body: CSRSS takes the process id from the
 * LPC header (the kernel's) and the logon session from the process it
 * opened at connection time.
 */
#ifndef CSRMSG_H
#define CSRMSG_H

#include "ntlpc.h"
#include "basemsg.h"

#define CSR_API_PORT_NAME "\\Windows\\ApiPort"
#define CSR_MAX_REQUEST_THREADS 8

/* ApiNumber */
#define BasepDefineDosDeviceApi 1
#define BasepAuditDriveApi      2
#define CsrpShutdownApi         3   /* from the System process only */
#define CsrpQueryStatisticsApi  4   /* irplab's: what the tests observe */
#define BasepDropDeviceApi      5   /* irplab's: csnw's stop, the SYSTEM session only */

/* CsrpQueryStatisticsApi: server threads now and at most (and idle),
   callers inside BaseSrvDefineDosDevice now and at most, requests served. */
typedef struct _CSR_STATISTICS {
    volatile LONG Threads, MostThreads, IdleThreads;
    volatile LONG DefineInside, MostDefineInside;
    volatile LONG Requests;
} CSR_STATISTICS;

typedef struct _CSR_API_MSG {
    PORT_MESSAGE h;
    ULONG ApiNumber;
    NTSTATUS ReturnValue;
    union {
        BASE_DEFINEDOSDEVICE_MSG DefineDosDevice;
        BASE_AUDITDRIVE_MSG AuditDrive;
        BASE_DROPDEVICE_MSG DropDevice;
        CSR_STATISTICS Statistics;
    } u;
} CSR_API_MSG, *PCSR_API_MSG;

#define CSR_API_MSG_DATA_LENGTH (sizeof(CSR_API_MSG) - sizeof(PORT_MESSAGE))

_Static_assert(sizeof(CSR_API_MSG) <= PORT_MAXIMUM_MESSAGE_LENGTH, "CSR_API_MSG too long");

#endif
