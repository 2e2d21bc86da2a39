/*
 * ntthread.c - the native calls on the running thread: NtYieldExecution
 * (a schedule point), NtDelayExecution, NtTestAlert; and, for system
 * threads that run user/ code inside the kernel (the guest tests'
 * processes), NtCurrentTeb and RtlCreateUserThread. A process's threads
 * have ntdll's instead (user/ntdll): a TEB in their own memory, and
 * NtCreateThread.
 */
#include <string.h>
#include "ex/ex.h"
#include "ntob.h"
#include "ntrtl.h"
#include "ps/ps.h"

PTEB NtCurrentTeb(VOID)
{
    PKTHREAD t = KeGetCurrentThread();

    t->KernelTeb.ClientId.UniqueProcess = PsGetCurrentProcess()->UniqueProcessId;
    t->KernelTeb.ClientId.UniqueThread = t->Header.Id;
    return &t->KernelTeb;
}

/* The thread runs StartAddress(Parameter) and ends when it returns. Only
   the calling process itself may be named (NtCurrentProcess()), and no
   handle is made. */
NTSTATUS RtlCreateUserThread(HANDLE ProcessHandle, PUSER_THREAD_START_ROUTINE StartAddress,
                             PVOID Parameter, PHANDLE ThreadHandle, PCLIENT_ID ClientId)
{
    PEPROCESS p = PsGetCurrentProcess();
    PETHREAD thread;
    NTSTATUS status;

    if (ProcessHandle != NtCurrentProcess() || ThreadHandle != NULL)
        return STATUS_INVALID_PARAMETER;
    status = PsCreateSystemThread(p, p->ImageFileName, StartAddress, Parameter, &thread);
    if (!NT_SUCCESS(status))
        return status;
    if (ClientId != NULL)
        *ClientId = thread->Cid;
    ObDereferenceObject(thread);
    return STATUS_SUCCESS;
}

/* A schedule point: under sched=pct PCT may run another thread here. */
NTSTATUS NtYieldExecution(VOID)
{
    KeSchedulePoint();
    return STATUS_SUCCESS;
}

/* Sleeps for *DelayInterval (100 ns units, negative: relative). From ring
   3 the wait ends early, with STATUS_USER_APC, when the thread is being
   ended. Alertable is accepted and has no effect (no user APCs to run). */
NTSTATUS NtDelayExecution(BOOLEAN Alertable, const LONG64 *DelayInterval)
{
    KPROCESSOR_MODE mode = KeGetPreviousMode();
    LONG64 interval;
    NTSTATUS status = ExCopyFromCaller(mode, &interval, DelayInterval, sizeof(interval));

    if (!NT_SUCCESS(status))
        return status;
    return KeDelayExecutionThread(mode, Alertable, &interval);
}

/* NT's NtTestAlert: STATUS_ALERTED when a user-mode APC waits for the
   thread (it then runs on the way back), else STATUS_SUCCESS. The cheapest
   service there is: make bench's system-call round trip. */
NTSTATUS NtTestAlert(VOID)
{
    return KeGetCurrentThread()->UserApcPending ? STATUS_ALERTED : STATUS_SUCCESS;
}
