/*
 * csrclient.c - calling CSRSS: the process's connection to its API port,
 * made at the first call and kept (as NT's ntdll keeps it), then one
 * request and its reply per call. The connection ends with the process:
 * its handle table's rundown closes the port, and CSRSS is told.
 *
 * Interface: CsrClientCallServer (kernel32.h).
 */
#include <string.h>

#include "ntob.h"
#include "user/lib/kernel32.h"

static HANDLE CsrPortHandle;

/* The process's connection; two threads racing here keep the first. */
static NTSTATUS CsrpConnect(VOID)
{
    STRING name = { sizeof(CSR_API_PORT_NAME) - 1, sizeof(CSR_API_PORT_NAME) - 1,
                    (PCHAR)CSR_API_PORT_NAME };
    HANDLE port;
    NTSTATUS status;

    if (CsrPortHandle != NULL)
        return STATUS_SUCCESS;
    status = NtConnectPort(&port, &name, NULL, NULL);
    if (NT_SUCCESS(status) && !__sync_bool_compare_and_swap(&CsrPortHandle, NULL, port))
        NtClose(port);
    return status;
}

/* The request's status, or the LPC failure that kept it from CSRSS. */
NTSTATUS CsrClientCallServer(PCSR_API_MSG Msg, ULONG ApiNumber)
{
    NTSTATUS status = CsrpConnect();

    if (!NT_SUCCESS(status))
        return status;
    Msg->h.DataLength = CSR_API_MSG_DATA_LENGTH;
    Msg->h.TotalLength = sizeof(*Msg);
    Msg->ApiNumber = ApiNumber;
    status = NtRequestWaitReplyPort(CsrPortHandle, &Msg->h, &Msg->h);
    return NT_SUCCESS(status) ? Msg->ReturnValue : status;
}
