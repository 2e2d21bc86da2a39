/*
 * csrss.c - starting and stopping the CSRSS process (user/csrss).
 *
 * ExStartCsrss makes the process (user SYSTEM, NT's SYSTEM logon session)
 * and its first thread, which runs CsrServerMain, and returns once the API
 * port \Windows\ApiPort exists. ExStopCsrss asks CSRSS to close its port
 * (CsrpShutdownApi, from the System process), which ends every server
 * thread, and waits for the process to end, so that a test's leak audit
 * sees CSRSS's handles, threads and messages gone.
 *
 * CSRSS is started by the tests that need it, not at boot: each test then
 * starts from an empty drive table and ends with nothing left behind.
 */
#include <string.h>
#include "ex/ex.h"
#include "ps/ps.h"
#include "lpc/lpc.h"
#include "user/csrss/csrmsg.h"
#include "user/csrss/csrsrv/csrsrv.h"

static PEPROCESS ExpCsrssProcess;

static BOOLEAN ExpApiPortExists(VOID)
{
    STRING name = { sizeof(CSR_API_PORT_NAME) - 1, sizeof(CSR_API_PORT_NAME) - 1,
                    (PCHAR)CSR_API_PORT_NAME };
    PVOID port;

    if (!NT_SUCCESS(ObReferenceObjectByName(&name, LpcPortObjectType, NULL, &port)))
        return FALSE;
    ObDereferenceObject(port);
    return TRUE;
}

NTSTATUS ExStartCsrss(VOID)
{
    LUID system = { 0x3E7, 0 };
    LONG64 tick = -(LONG64)KTIME_PER_MS;
    PETHREAD thread;
    NTSTATUS status;
    ULONG i;

    if (ExpCsrssProcess != NULL)
        return STATUS_OBJECT_NAME_COLLISION;
    status = PsCreateProcess("csrss", "SYSTEM", system, &ExpCsrssProcess);
    if (!NT_SUCCESS(status))
        return status;
    status = PsCreateSystemThread(ExpCsrssProcess, "csrss", CsrServerMain, NULL, &thread);
    if (!NT_SUCCESS(status)) {
        ObDereferenceObject(ExpCsrssProcess);
        ExpCsrssProcess = NULL;
        return status;
    }
    ObDereferenceObject(thread);
    for (i = 0; i < 1000 && !ExpApiPortExists(); i++)
        KeDelayExecutionThread(KernelMode, FALSE, &tick);
    return ExpApiPortExists() ? STATUS_SUCCESS : STATUS_DEVICE_NOT_READY;
}

NTSTATUS ExStopCsrss(VOID)
{
    STRING name = { sizeof(CSR_API_PORT_NAME) - 1, sizeof(CSR_API_PORT_NAME) - 1,
                    (PCHAR)CSR_API_PORT_NAME };
    CSR_API_MSG msg;
    HANDLE port;
    NTSTATUS status;

    if (ExpCsrssProcess == NULL)
        return STATUS_INVALID_PARAMETER;
    status = NtConnectPort(&port, &name, NULL, NULL);
    if (NT_SUCCESS(status)) {
        memset(&msg, 0, sizeof(msg));
        msg.h.DataLength = CSR_API_MSG_DATA_LENGTH;
        msg.ApiNumber = CsrpShutdownApi;
        status = NtRequestWaitReplyPort(port, &msg.h, &msg.h);
        NtClose(port);
    }
    KeWaitForSingleObject(&ExpCsrssProcess->Pcb.Header, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(ExpCsrssProcess);
    ExpCsrssProcess = NULL;
    return status;
}
