/*
 * ntthread.c - the native calls on threads that user/ uses: NtCurrentTeb
 * (the running thread's TEB, ntteb.h) and RtlCreateUserThread (another
 * thread in a process, as CSRSS grows its pool of server threads) and
 * NtYieldExecution (a schedule point).
 */
#include <string.h>
#include "ntob.h"
#include "ps/ps.h"

PTEB NtCurrentTeb(VOID)
{
    PKTHREAD t = KeGetCurrentThread();

    t->Teb.ClientId.UniqueProcess = PsGetCurrentProcess()->UniqueProcessId;
    t->Teb.ClientId.UniqueThread = t->Header.Id;
    return &t->Teb;
}

/* The thread runs StartAddress(Parameter) and ends when it returns. Only
   the calling process itself may be named (NtCurrentProcess()). */
NTSTATUS RtlCreateUserThread(HANDLE ProcessHandle, PCSTR Name,
                             PUSER_THREAD_START_ROUTINE StartAddress, PVOID Parameter,
                             PCLIENT_ID ClientId)
{
    PETHREAD thread;
    NTSTATUS status;

    if (ProcessHandle != NtCurrentProcess())
        return STATUS_INVALID_HANDLE;
    status = PsCreateSystemThread(PsGetCurrentProcess(), Name, StartAddress, Parameter, &thread);
    if (!NT_SUCCESS(status))
        return status;
    if (ClientId != NULL) {
        ClientId->UniqueProcess = PsGetCurrentProcess()->UniqueProcessId;
        ClientId->UniqueThread = thread->Cid.UniqueThread;
    }
    ObDereferenceObject(thread);
    return STATUS_SUCCESS;
}

/* A schedule point: under sched=pct PCT may run another thread here. */
NTSTATUS NtYieldExecution(VOID)
{
    KeSchedulePoint();
    return STATUS_SUCCESS;
}
