/*
 * csrss.c - starting and stopping the CSRSS process (user/csrss).
 *
 * ExStartCsrss runs the image `csrss` as a process (user SYSTEM, NT's
 * SYSTEM logon session); ExWaitForCsrss returns once a server thread waits
 * on its API port \Windows\ApiPort (at once when CSRSS is not running).
 * Boot starts it and goes on, as NT's session manager does (its first
 * start is the slowest: nothing of its code has run yet); a test waits for
 * it before it takes its leak baseline. The csrss suite stops it and starts
 * a fresh one around each case, so that each starts from an empty drive
 * table. ExStopCsrss waits for it to serve, asks it to close its port
 * (CsrpShutdownApi, from the System process), which ends every server
 * thread and then the process, and waits for that.
 */
#include <string.h>
#include "csrmsg.h"
#include "ex/ex.h"
#include "ex/zw.h"
#include "ps/ps.h"
#include "lpc/lpc.h"

static PEPROCESS ExpCsrssProcess;

/* Does CSRSS serve its API port yet: the port exists and a server thread
   waits on it (so CSRSS's start-up calls are all done)? */
static BOOLEAN ExpApiPortServed(VOID)
{
    STRING name = { sizeof(CSR_API_PORT_NAME) - 1, sizeof(CSR_API_PORT_NAME) - 1,
                    (PCHAR)CSR_API_PORT_NAME };
    BOOLEAN served;
    PVOID port;

    if (!NT_SUCCESS(ObReferenceObjectByName(&name, LpcPortObjectType, NULL, (PVOID *)&port)))
        return FALSE;
    served = LpcIsPortServed(port);
    ObDereferenceObject(port);
    return served;
}

NTSTATUS ExStartCsrssAsync(VOID)
{
    STRING image = { 5, 5, "csrss" };
    NTSTATUS status;

    if (ExpCsrssProcess != NULL)
        return STATUS_OBJECT_NAME_COLLISION;
    status = PsCreateUserProcess(&image, &image, &PsInitialSystemProcess->Token,
                                 &ExpCsrssProcess, NULL);
    if (!NT_SUCCESS(status))
        ExpCsrssProcess = NULL;
    return status;
}

/* STATUS_SUCCESS once CSRSS serves its port, or when it is not running. */
NTSTATUS ExWaitForCsrss(VOID)
{
    LONG64 tick = -(LONG64)KTIME_PER_MS;
    ULONG i;

    if (ExpCsrssProcess == NULL)
        return STATUS_SUCCESS;
    for (i = 0; i < 5000 && !ExpApiPortServed() && ExpCsrssProcess->ExitStatus == STATUS_PENDING;
         i++)
        KeDelayExecutionThread(KernelMode, FALSE, &tick);
    return ExpApiPortServed() ? STATUS_SUCCESS : STATUS_DEVICE_NOT_READY;
}

NTSTATUS ExStartCsrss(VOID)
{
    NTSTATUS status = ExStartCsrssAsync();

    return NT_SUCCESS(status) ? ExWaitForCsrss() : status;
}

/* One request to CSRSS from the System process: Msg's ApiNumber and u
   in, its answer back in u; CSRSS's status. */
NTSTATUS ExCallCsrss(PCSR_API_MSG Msg)
{
    STRING name = { sizeof(CSR_API_PORT_NAME) - 1, sizeof(CSR_API_PORT_NAME) - 1,
                    (PCHAR)CSR_API_PORT_NAME };
    HANDLE port;
    NTSTATUS status = ZwConnectPort(&port, &name, NULL, NULL);

    if (!NT_SUCCESS(status))
        return status;
    Msg->h.DataLength = CSR_API_MSG_DATA_LENGTH;
    status = ZwRequestWaitReplyPort(port, &Msg->h, &Msg->h);
    ZwClose(port);
    return NT_SUCCESS(status) ? Msg->ReturnValue : status;
}

static NTSTATUS ExpCallCsrss(ULONG ApiNumber)
{
    CSR_API_MSG msg;

    memset(&msg, 0, sizeof(msg));
    msg.ApiNumber = ApiNumber;
    return ExCallCsrss(&msg);
}

/* Every \DosDevices letter from D: on made temporary, so that it goes
   with its last handle: what a scenario's schedule or a test case leaves
   (an orphaned letter included) before a fresh CSRSS starts. */
VOID ExRemoveDriveLetters(VOID)
{
    CHAR path[] = "\\DosDevices\\A:";
    STRING name = { sizeof(path) - 1, sizeof(path) - 1, path };
    PVOID link;

    for (CHAR c = 'D'; c <= 'Z'; c++) {
        path[12] = c;
        if (NT_SUCCESS(ObReferenceObjectByName(&name, ObSymbolicLinkObjectType, NULL, &link))) {
            ObMakeTemporaryObject(link);
            ObDereferenceObject(link);
        }
    }
}

NTSTATUS ExStopCsrss(VOID)
{
    NTSTATUS status;

    if (ExpCsrssProcess == NULL)
        return STATUS_INVALID_PARAMETER;
    ExWaitForCsrss();
    status = ExpCallCsrss(CsrpShutdownApi);
    KeWaitForSingleObject(&ExpCsrssProcess->Pcb.Header, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(ExpCsrssProcess);
    ExpCsrssProcess = NULL;
    return status;
}
