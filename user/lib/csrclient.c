/*
 * csrclient.c - calling CSRSS: connect to its API port, send one request,
 * wait for the reply, disconnect. (NT's ntdll keeps one connection per
 * process; irplab's processes share one address space, so a per-process
 * global would be shared too - a connection per call is the honest
 * equivalent, at the cost of two more messages.)
 *
 * Interface: CsrClientCallServer (kernel32.h).
 */
#include <string.h>

#include "ntob.h"
#include "user/lib/kernel32.h"

/* The request's status, or the LPC failure that kept it from CSRSS. */
NTSTATUS CsrClientCallServer(PCSR_API_MSG Msg, ULONG ApiNumber)
{
    STRING name = { sizeof(CSR_API_PORT_NAME) - 1, sizeof(CSR_API_PORT_NAME) - 1,
                    (PCHAR)CSR_API_PORT_NAME };
    HANDLE port;
    NTSTATUS status = NtConnectPort(&port, &name, NULL, NULL);

    if (!NT_SUCCESS(status))
        return status;
    Msg->h.DataLength = CSR_API_MSG_DATA_LENGTH;
    Msg->h.TotalLength = sizeof(*Msg);
    Msg->ApiNumber = ApiNumber;
    status = NtRequestWaitReplyPort(port, &Msg->h, &Msg->h);
    NtClose(port);
    return NT_SUCCESS(status) ? Msg->ReturnValue : status;
}
