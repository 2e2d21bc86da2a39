/*
 * rtl.c - ntdll's run-time library: NtCurrentTeb and RtlCreateUserThread
 * (ntrtl.h).
 *
 * A thread RtlCreateUserThread makes runs on a stack of its own (a
 * reservation with its top committed) and starts in RtlpThreadStart, which
 * gives it its own newlib state (kept at the top of that stack), runs the
 * caller's routine and ends the thread with STATUS_SUCCESS; its stack
 * stays reserved (NT frees a thread's stack only through NtFreeVirtualMemory
 * by its owner) until the process ends.
 */
#include <reent.h>
#include <string.h>
#include "ntmm.h"
#include "ntob.h"
#include "ntrtl.h"
#include "user/ntdll/ntdll.h"

#define THREAD_STACK_RESERVE (256u * 1024)
#define THREAD_STACK_COMMIT  (64u * 1024)

typedef struct _RTLP_THREAD_START {
    struct _reent Reent;
    PUSER_THREAD_START_ROUTINE Routine;
    PVOID Parameter;
} RTLP_THREAD_START;

PTEB NtCurrentTeb(VOID)
{
    PTEB teb;

    __asm__("movl %%fs:0x18, %0" : "=r"(teb));
    return teb;
}

static VOID RtlpThreadStart(PVOID Parameter)
{
    RTLP_THREAD_START *start = Parameter;

    _REENT_INIT_PTR(&start->Reent);
    NtCurrentTeb()->CRuntimeState = &start->Reent;
    start->Routine(start->Parameter);
    _reclaim_reent(&start->Reent);
    NtCurrentTeb()->CRuntimeState = NULL;
    NtTerminateThread(NtCurrentThread(), STATUS_SUCCESS);
}

/* A stack: reserved, its top committed; the start block sits at its top. */
static NTSTATUS RtlpCreateStack(PINITIAL_TEB Stack)
{
    PVOID base = NULL, commit;
    SIZE_T size = THREAD_STACK_RESERVE, csize = THREAD_STACK_COMMIT;
    NTSTATUS status = NtAllocateVirtualMemory(NtCurrentProcess(), &base, 0, &size, MEM_RESERVE,
                                              PAGE_READWRITE);

    if (!NT_SUCCESS(status))
        return status;
    commit = (PUCHAR)base + size - csize;
    status = NtAllocateVirtualMemory(NtCurrentProcess(), &commit, 0, &csize, MEM_COMMIT,
                                     PAGE_READWRITE);
    if (!NT_SUCCESS(status)) {
        size = 0;
        NtFreeVirtualMemory(NtCurrentProcess(), &base, &size, MEM_RELEASE);
        return status;
    }
    Stack->AllocatedStackBase = base;
    Stack->StackLimit = commit;
    Stack->StackBase = (PUCHAR)base + THREAD_STACK_RESERVE;
    return STATUS_SUCCESS;
}

NTSTATUS RtlCreateUserThread(HANDLE ProcessHandle, PUSER_THREAD_START_ROUTINE StartAddress,
                             PVOID Parameter, PHANDLE ThreadHandle, PCLIENT_ID ClientId)
{
    INITIAL_TEB stack;
    RTLP_THREAD_START *start;
    HANDLE handle;
    SIZE_T size = 0;
    NTSTATUS status;

    if (ProcessHandle != NtCurrentProcess())
        return STATUS_INVALID_PARAMETER;
    status = RtlpCreateStack(&stack);
    if (!NT_SUCCESS(status))
        return status;
    start = (RTLP_THREAD_START *)(((ULONG)stack.StackBase - sizeof(*start)) & ~15u);
    memset(start, 0, sizeof(*start));
    start->Routine = StartAddress;
    start->Parameter = Parameter;
    stack.StackBase = start;
    status = NtCreateThread(&handle, THREAD_ALL_ACCESS, NULL, ProcessHandle, ClientId,
                            (PVOID)RtlpThreadStart, start, &stack);
    if (!NT_SUCCESS(status)) {
        NtFreeVirtualMemory(NtCurrentProcess(), &stack.AllocatedStackBase, &size, MEM_RELEASE);
        return status;
    }
    if (ThreadHandle != NULL)
        *ThreadHandle = handle;
    else
        NtClose(handle);
    return STATUS_SUCCESS;
}
