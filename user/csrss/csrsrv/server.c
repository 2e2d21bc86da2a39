/*
 * server.c - CSRSS's API port and its pool of server threads (csrsrv.h).
 *
 * Every server thread loops on NtReplyWaitReceivePort: answer the request
 * it served, wait for the next. The pool grows as NT's CSRSS does: when a
 * thread takes a request and no other thread is left idle, it starts one
 * more (up to CSR_MAX_REQUEST_THREADS), so a request that blocks - a
 * DefineDosDevice waiting on the redirector's round trip - never keeps the
 * next caller out. Two DefineDosDevice calls can therefore be inside
 * basesrv at once, which is what makes its lock scope matter.
 *
 * The counts are changed with atomic builtins; basesrv's own state is
 * under the basesrv lock (a mutant, ntenv.c), which no code here takes.
 *
 * A connection request is accepted with a CSR_PROCESS as port context,
 * holding the client's process id and logon session (read once, through
 * NtOpenProcess); LPC_PORT_CLOSED gives the slot back.
 */
#include <string.h>

#include "ntob.h"
#include "ntrtl.h"
#include "csrmsg.h"
#include "user/csrss/basesrv/basesrv.h"
#include "user/csrss/csrsrv/csrsrv.h"

#define CSR_MAX_PROCESSES 32

typedef struct _CSR_PROCESS {
    volatile LONG InUse;
    BASESRV_CLIENT Client;
} CSR_PROCESS, *PCSR_PROCESS;

CSR_STATISTICS CsrStatistics;
static HANDLE CsrApiPort;
static BASESRV_SERVER CsrpBaseSrv;
static CSR_PROCESS CsrpProcesses[CSR_MAX_PROCESSES];

static VOID CsrpApiRequestThread(PVOID Parameter);

/* The thread took a request: if it was the last idle one, start another. */
static VOID CsrpCheckRequestThreads(VOID)
{
    if (__sync_sub_and_fetch(&CsrStatistics.IdleThreads, 1) != 0 ||
        CsrStatistics.Threads >= CSR_MAX_REQUEST_THREADS)
        return;
    __sync_add_and_fetch(&CsrStatistics.IdleThreads, 1);
    if (__sync_add_and_fetch(&CsrStatistics.Threads, 1) > CsrStatistics.MostThreads)
        CsrStatistics.MostThreads = CsrStatistics.Threads;
    if (!NT_SUCCESS(RtlCreateUserThread(NtCurrentProcess(), CsrpApiRequestThread, NULL, NULL,
                                        NULL))) {
        __sync_sub_and_fetch(&CsrStatistics.Threads, 1);
        __sync_sub_and_fetch(&CsrStatistics.IdleThreads, 1);
    }
}

/* A client connects: note its process and logon session, then accept. */
static VOID CsrpHandleConnectionRequest(PCSR_API_MSG Msg)
{
    PROCESS_BASIC_INFORMATION info;
    PCSR_PROCESS slot = NULL;
    HANDLE process;
    ULONG i;

    if (NT_SUCCESS(NtOpenProcess(&process, PROCESS_QUERY_INFORMATION, NULL, &Msg->h.ClientId))) {
        if (NT_SUCCESS(NtQueryInformationProcess(process, ProcessBasicInformation, &info,
                                                 sizeof(info), NULL))) {
            for (i = 0; i < CSR_MAX_PROCESSES && slot == NULL; i++) {
                if (__sync_lock_test_and_set(&CsrpProcesses[i].InUse, 1) == 0)
                    slot = &CsrpProcesses[i];
            }
        }
        NtClose(process);
    }
    if (slot != NULL) {
        slot->Client.ProcessId = Msg->h.ClientId.UniqueProcess;
        slot->Client.LogonId = ((ULONGLONG)(ULONG)info.LogonIdHigh << 32) | info.LogonIdLow;
    }
    NtAcceptConnectPort(CsrApiPort, slot, &Msg->h, slot != NULL);
}

static VOID CsrpDefineDosDevice(PCSR_API_MSG Msg)
{
    BASE_DEFINEDOSDEVICE_MSG *m = &Msg->u.DefineDosDevice;
    LONG inside = __sync_add_and_fetch(&CsrStatistics.DefineInside, 1);

    if (inside > CsrStatistics.MostDefineInside)
        CsrStatistics.MostDefineInside = inside;
    m->DeviceName[sizeof(m->DeviceName) - 1] = '\0';
    m->TargetPath[sizeof(m->TargetPath) - 1] = '\0';
    Msg->ReturnValue = BaseSrvDefineDosDevice(&CsrpBaseSrv, m->Flags, m->DeviceName,
                                              m->TargetPath[0] ? m->TargetPath : NULL);
    __sync_sub_and_fetch(&CsrStatistics.DefineInside, 1);
}

static VOID CsrpDropDevice(PCSR_API_MSG Msg)
{
    BASE_DROPDEVICE_MSG *m = &Msg->u.DropDevice;

    m->Device[sizeof(m->Device) - 1] = '\0';
    Msg->ReturnValue = BaseSrvDropDevice(&CsrpBaseSrv, m->Device, &m->Letters, &m->Definitions);
}

/* One request from a connected client; the reply is Msg itself. */
static VOID CsrpDispatch(PCSR_PROCESS Process, PCSR_API_MSG Msg)
{
    BASESRV_CLIENT client = { Msg->h.ClientId.UniqueProcess,
                              Process != NULL ? Process->Client.LogonId : 0, CsrApiPort,
                              &Msg->h };

    NtCurrentTeb()->CsrClientThread = &client;
    __sync_add_and_fetch(&CsrStatistics.Requests, 1);
    Msg->ReturnValue = STATUS_INVALID_PARAMETER;
    if (Msg->ApiNumber == BasepDefineDosDeviceApi) {
        CsrpDefineDosDevice(Msg);
    } else if (Msg->ApiNumber == BasepAuditDriveApi) {
        Msg->ReturnValue = BaseSrvAuditDrive(&CsrpBaseSrv, Msg->u.AuditDrive.Drive,
                                             &Msg->u.AuditDrive.Audit);
    } else if (Msg->ApiNumber == BasepDropDeviceApi) {
        CsrpDropDevice(Msg);
    } else if (Msg->ApiNumber == CsrpQueryStatisticsApi) {
        Msg->u.Statistics = CsrStatistics;
        Msg->ReturnValue = STATUS_SUCCESS;
    } else if (Msg->ApiNumber == CsrpShutdownApi && client.ProcessId == 1) {
        Msg->ReturnValue = STATUS_SUCCESS;
        NtReplyPort(CsrApiPort, &Msg->h);
        NtClose(CsrApiPort);            /* every server thread now ends */
    }
    NtCurrentTeb()->CsrClientThread = NULL;
}

static VOID CsrpApiRequestThread(PVOID Parameter)
{
    union { CSR_API_MSG Msg; UCHAR Space[PORT_MAXIMUM_MESSAGE_LENGTH]; } receive;
    CSR_API_MSG reply;
    PPORT_MESSAGE answer = NULL;
    PVOID context;

    while (NT_SUCCESS(NtReplyWaitReceivePort(CsrApiPort, &context, answer, &receive.Msg.h))) {
        answer = NULL;
        CsrpCheckRequestThreads();
        if (receive.Msg.h.Type == LPC_CONNECTION_REQUEST) {
            CsrpHandleConnectionRequest(&receive.Msg);
        } else if (receive.Msg.h.Type == LPC_PORT_CLOSED) {
            if (context != NULL)
                __sync_lock_release(&((PCSR_PROCESS)context)->InUse);
        } else if (receive.Msg.h.Type == LPC_REQUEST) {
            reply = receive.Msg;
            CsrpDispatch(context, &reply);
            answer = reply.ApiNumber == CsrpShutdownApi ? NULL : &reply.h;
        }
        __sync_add_and_fetch(&CsrStatistics.IdleThreads, 1);
    }
    __sync_sub_and_fetch(&CsrStatistics.IdleThreads, 1);
    __sync_sub_and_fetch(&CsrStatistics.Threads, 1);
}

/* Serves the API port until it is shut down. The variant comes from the
   boot line (basesrv=rtm|sp), which CSRSS asks the kernel for. */
NTSTATUS CsrServerMain(VOID)
{
    SYSTEM_BASESRV_INFORMATION variant;
    OBJECT_ATTRIBUTES oa;
    STRING name = { sizeof(CSR_API_PORT_NAME) - 1, sizeof(CSR_API_PORT_NAME) - 1,
                    (PCHAR)CSR_API_PORT_NAME };
    PBASESRV_ENV env;

    memset(&CsrStatistics, 0, sizeof(CsrStatistics));
    memset(CsrpProcesses, 0, sizeof(CsrpProcesses));
    NTSTATUS status;

    status = NtQuerySystemInformation(SystemBaseSrvInformation, &variant, sizeof(variant), NULL);
    if (NT_SUCCESS(status))
        status = BaseSrvNtEnvironment(&env);
    if (NT_SUCCESS(status))
        status = BaseSrvInitialize(&CsrpBaseSrv, (BASESRV_VARIANT)variant.Variant, env);
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    if (NT_SUCCESS(status))
        status = NtCreatePort(&CsrApiPort, &oa, 0, PORT_MAXIMUM_MESSAGE_LENGTH, 0);
    if (!NT_SUCCESS(status))
        return status;
    CsrStatistics.Threads = CsrStatistics.MostThreads = CsrStatistics.IdleThreads = 1;
    CsrpApiRequestThread(NULL);
    return STATUS_SUCCESS;
}
