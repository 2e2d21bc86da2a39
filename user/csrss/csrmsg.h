/*
 * csrmsg.h - the messages of CSRSS's API port, shared by the server
 * (user/csrss) and its clients (user/lib's kernel32 layer).
 *
 * A client connects to CSR_API_PORT_NAME, sends a CSR_API_MSG with
 * NtRequestWaitReplyPort and gets it back with ReturnValue filled in. The
 * caller's identity is not in the message body: CSRSS takes the process
 * id from the LPC header (the kernel's) and the logon session from the
 * process it opened at connection time.
 */
#ifndef CSRMSG_H
#define CSRMSG_H

#include "ntlpc.h"
#include "user/csrss/basesrv/basesrv.h"

#define CSR_API_PORT_NAME "\\Windows\\ApiPort"

/* ApiNumber */
#define BasepDefineDosDeviceApi 1
#define BasepAuditDrivesApi     2
#define CsrpShutdownApi         3   /* from the System process only */

typedef struct _BASE_DEFINEDOSDEVICE_MSG {
    ULONG Flags;
    CHAR DeviceName[BASESRV_MAX_NAME];
    CHAR TargetPath[BASESRV_MAX_PATH];
} BASE_DEFINEDOSDEVICE_MSG;

/* The audit is too big for a message: the client passes its buffer, which
   the server fills (one address space here; NT's CSRSS uses a capture
   buffer in a section both map). */
typedef struct _BASE_AUDITDRIVES_MSG {
    PBASESRV_DRIVE_AUDIT Audit;     /* BASESRV_DRIVES entries */
    ULONG Orphans;
} BASE_AUDITDRIVES_MSG;

typedef struct _CSR_API_MSG {
    PORT_MESSAGE h;
    ULONG ApiNumber;
    NTSTATUS ReturnValue;
    union {
        BASE_DEFINEDOSDEVICE_MSG DefineDosDevice;
        BASE_AUDITDRIVES_MSG AuditDrives;
    } u;
} CSR_API_MSG, *PCSR_API_MSG;

#define CSR_API_MSG_DATA_LENGTH (sizeof(CSR_API_MSG) - sizeof(PORT_MESSAGE))

_Static_assert(sizeof(CSR_API_MSG) <= PORT_MAXIMUM_MESSAGE_LENGTH, "CSR_API_MSG too long");

#endif
