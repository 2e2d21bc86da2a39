/*
 * exit.c - how threads and processes end.
 *
 * A thread ends itself (PspExitThread): its I/O is cancelled and waited
 * for, its TEB goes, and if it was its process's last thread the process
 * ends too - its handle table destroyed (every open file gets CLEANUP and
 * CLOSE), its user memory freed, its object signalled with its exit status
 * (the first NtTerminateProcess's, or its last thread's).
 *
 * Another thread is ended through its exit APC, a user-mode APC: it runs
 * on the thread's next way back to ring 3 and ends a UserMode wait to get
 * it there (ke/apc.c). A system thread has no way back to ring 3 and is
 * never ended from outside; it returns from its routine.
 *
 * An exception in ring 3 is unhandled (irplab has no user-mode exception
 * dispatch): one line on the console names the process, the thread, the
 * exception, the address with the image's function, the faulting access
 * and the instruction's bytes, and the process ends with the exception's
 * code.
 *
 * Interface: PsTerminateSystemThread, PsTerminateProcess, PsTerminateThread,
 * PspExitThread, PspInitializeExitApc, PsRaiseUnhandledException,
 * NtTerminateProcess, NtTerminateThread.
 */
#include <stdio.h>
#include <string.h>
#include "boot/i386.h"
#include "io/io.h"
#include "ntmm.h"
#include "ps/ps.h"

/* The last thread is gone: close every handle, tell the notification
   routines, free the user memory, then signal the process. Runs on that
   thread, in the process's context. */
static VOID PspExitProcess(PEPROCESS p)
{
    PHANDLE_TABLE table = p->ObjectTable;
    KIRQL irql;

    p->ObjectTable = NULL;
    ObDestroyHandleTable(table);
    PspProcessNotify(p, FALSE);
    MmCleanAddressSpace(&p->Vm);
    irql = KiLockDispatcherDatabase();
    p->Pcb.Header.SignalState = 1;
    KiWaitTest(&p->Pcb.Header);
    KiUnlockDispatcherDatabase(irql);
}

VOID PspExitThread(NTSTATUS ExitStatus)
{
    PETHREAD t = PsGetCurrentThread();
    PEPROCESS p = t->ThreadsProcess;
    BOOLEAN last;
    KIRQL irql;

    IoCancelThreadIo(t);
    PsRevertToSelf();
    if (t->Tcb.Teb != NULL)
        MmDeleteRegion(&p->Vm, (ULONG)t->Tcb.Teb);
    KeAcquireSpinLock(&PspProcessLock, &irql);
    t->ExitStatus = ExitStatus;
    last = --p->ActiveThreads == 0;
    if (last) {
        p->Exiting = TRUE;
        if (p->ExitStatus == STATUS_PENDING)
            p->ExitStatus = ExitStatus;
    }
    KeReleaseSpinLock(&PspProcessLock, irql);
    if (last)
        PspExitProcess(p);
    KeTerminateThread();
}

VOID PsTerminateSystemThread(NTSTATUS ExitStatus)
{
    PspExitThread(ExitStatus);
}

static VOID PspExitApcRoutine(PKAPC Apc, PKNORMAL_ROUTINE *Normal, PVOID *Context, PVOID *A1,
                              PVOID *A2)
{
    PspExitThread(CONTAINING_RECORD(Apc, ETHREAD, ExitApc)->ExitStatus);
}

VOID PspInitializeExitApc(PETHREAD Thread)
{
    KeInitializeApc(&Thread->ExitApc, &Thread->Tcb, PspExitApcRoutine, NULL, NULL, UserMode,
                    NULL);
}

/* Asks t (not the caller, a thread with a ring-3 side) to end with
   ExitStatus; the first asking wins. PspProcessLock held. */
static VOID PspQueueExit(PETHREAD t, NTSTATUS ExitStatus)
{
    if (t->Terminating)
        return;
    t->Terminating = TRUE;
    t->ExitStatus = ExitStatus;
    KeInsertQueueApc(&t->ExitApc, NULL, NULL, 0);
}

/* Ends Thread: at once when it is the caller (never returns then). */
NTSTATUS PsTerminateThread(PETHREAD Thread, NTSTATUS ExitStatus)
{
    KIRQL irql;

    if (Thread == PsGetCurrentThread())
        PspExitThread(ExitStatus);
    if (Thread->Tcb.Teb == NULL)
        return STATUS_ACCESS_DENIED;
    KeAcquireSpinLock(&PspProcessLock, &irql);
    PspQueueExit(Thread, ExitStatus);
    KeReleaseSpinLock(&PspProcessLock, irql);
    return STATUS_SUCCESS;
}

/* Ends every ring-3 thread of Process; the caller's own last, and then
   this does not return. */
VOID PsTerminateProcess(PEPROCESS Process, NTSTATUS ExitStatus)
{
    PETHREAD self = PsGetCurrentThread();
    BOOLEAN mine = FALSE;
    KIRQL irql;

    KeAcquireSpinLock(&PspProcessLock, &irql);
    if (Process->ExitStatus == STATUS_PENDING)
        Process->ExitStatus = ExitStatus;
    for (PLIST_ENTRY e = Process->ThreadListHead.Flink; e != &Process->ThreadListHead;
         e = e->Flink) {
        PETHREAD t = CONTAINING_RECORD(e, ETHREAD, ThreadListEntry);
        if (t == self)
            mine = TRUE;
        else if (t->Tcb.Teb != NULL && t->Tcb.State != Terminated)
            PspQueueExit(t, ExitStatus);
    }
    KeReleaseSpinLock(&PspProcessLock, irql);
    if (mine)
        PspExitThread(ExitStatus);
}

static PCSTR PspExceptionName(NTSTATUS Code)
{
    switch (Code) {
    case STATUS_ACCESS_VIOLATION:       return "access violation";
    case STATUS_INTEGER_DIVIDE_BY_ZERO: return "integer divide by zero";
    case STATUS_ILLEGAL_INSTRUCTION:    return "illegal instruction";
    case STATUS_PRIVILEGED_INSTRUCTION: return "privileged instruction";
    case STATUS_BREAKPOINT:             return "breakpoint";
    case STATUS_STACK_OVERFLOW:         return "stack overflow";
    case STATUS_SINGLE_STEP:            return "single step";
    default:                            return "exception";
    }
}

/* "name+0x1c" of the image's function at Address, or "?" */
static VOID PspFormatSymbol(PEPROCESS p, ULONG Address, char *Text, ULONG Size)
{
    ULONG offset;
    PCSTR name = PspLookupImageSymbol(p->Image, Address, &offset);

    if (name != NULL)
        snprintf(Text, Size, "%.40s+0x%lx", name, (unsigned long)offset);
    else
        snprintf(Text, Size, "?");
}

/* Up to eight bytes of the instruction at Eip, as hex. */
static VOID PspFormatInstruction(PEPROCESS p, ULONG Eip, char *Text, ULONG Size)
{
    UCHAR bytes[8];
    ULONG n = sizeof(bytes), i, at = 0;

    while (n != 0 && !NT_SUCCESS(MmCopyFromAddressSpace(&p->Vm, Eip, bytes, n)))
        n--;
    Text[0] = '\0';
    for (i = 0; i < n && at + 4 < Size; i++)
        at += snprintf(Text + at, Size - at, "%s%02x", i ? " " : "", bytes[i]);
    if (n == 0)
        snprintf(Text, Size, "not readable");
}

/* A fault below the committed part of the thread's stack, in the stack's
   own reservation, is NT's STATUS_STACK_OVERFLOW. */
static NTSTATUS PspStackOverflow(PEPROCESS p, NTSTATUS Code, ULONG Address)
{
    MEMORY_BASIC_INFORMATION fault, stack;
    NT_TIB tib;
    ULONG teb = (ULONG)PsGetCurrentThread()->Tcb.Teb;

    if (Code != STATUS_ACCESS_VIOLATION || teb == 0 ||
        !NT_SUCCESS(MmCopyFromAddressSpace(&p->Vm, teb, &tib, sizeof(tib))) ||
        Address >= (ULONG)tib.StackLimit ||
        !NT_SUCCESS(MmQueryVirtualMemory(&p->Vm, Address, &fault)) ||
        !NT_SUCCESS(MmQueryVirtualMemory(&p->Vm, (ULONG)tib.StackBase - 1, &stack)) ||
        fault.State == MEM_FREE || fault.AllocationBase != stack.AllocationBase)
        return Code;
    return STATUS_STACK_OVERFLOW;
}

/* An exception in ring 3 nobody handles: say so, end the process. */
VOID PsRaiseUnhandledException(NTSTATUS Code, KTRAP_FRAME *Frame, ULONG Address, BOOLEAN Write)
{
    PEPROCESS p = PsGetCurrentProcess();
    char symbol[64], code[40], access[48] = "";

    if (Frame->Vector == 14)
        Code = PspStackOverflow(p, Code, Address);
    PspFormatSymbol(p, Frame->Eip, symbol, sizeof(symbol));
    PspFormatInstruction(p, Frame->Eip, code, sizeof(code));
    if (Frame->Vector == 14)
        snprintf(access, sizeof(access), ": %s 0x%08lx", Write ? "writing" : "reading",
                 (unsigned long)Address);
    printf("%s: process %lu thread %lu ended by %s (0x%08lX) at 0x%08lx %s%s; instruction %s\n",
           p->ImageFileName, (unsigned long)p->UniqueProcessId,
           (unsigned long)PsGetCurrentThread()->Cid.UniqueThread, PspExceptionName(Code),
           (unsigned long)Code, (unsigned long)Frame->Eip, symbol, access, code);
    PsTerminateProcess(p, Code);
    PspExitThread(Code);
}

NTSTATUS NtTerminateProcess(HANDLE ProcessHandle, NTSTATUS ExitStatus)
{
    PEPROCESS p;
    NTSTATUS status = PsReferenceProcessByHandle(ProcessHandle, PROCESS_TERMINATE, &p);

    if (!NT_SUCCESS(status))
        return status;
    if (p->Image == NULL) {
        ObDereferenceObject(p);
        return STATUS_ACCESS_DENIED;        /* system threads only: not ours to end */
    }
    ObDereferenceObject(p);                 /* its threads hold it while they live */
    PsTerminateProcess(p, ExitStatus);
    return STATUS_SUCCESS;
}

NTSTATUS NtTerminateThread(HANDLE ThreadHandle, NTSTATUS ExitStatus)
{
    PETHREAD t;
    NTSTATUS status;

    if (ThreadHandle == NtCurrentThread())
        PspExitThread(ExitStatus);
    status = ObReferenceObjectByHandle(ThreadHandle, THREAD_TERMINATE, PsThreadType,
                                       KeGetPreviousMode(), (PVOID *)&t, NULL);
    if (!NT_SUCCESS(status))
        return status;
    status = PsTerminateThread(t, ExitStatus);
    ObDereferenceObject(t);
    return status;
}
