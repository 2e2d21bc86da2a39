/*
 * thread.c - creating, starting and ending threads.
 *
 * Each thread has a kernel stack of its own (mm/stack.c, guard page below),
 * its own newlib reentrancy structure (errno, stdio), and a dispatcher
 * header that is signalled when it ends, so that a thread can be waited on.
 * The code that was running at boot becomes the thread "init"; "idle" is
 * created beside it and runs when nothing else can.
 *
 * A thread cannot free the stack it is running on: an ending thread puts
 * itself on the reaper list and switches away for good, and whichever
 * thread runs next frees its stack (KiReapTerminatedThreads). A KTHREAD is
 * referenced twice at creation - once for running, once for the creator -
 * and freed when both are gone.
 */
#include <reent.h>
#include <stdio.h>
#include <string.h>
#include "ke/ke.h"
#include "trace/trace.h"
#include "mm/mm.h"

#define THREAD_TAG POOL_TAG('T', 'h', 'r', 'e')

extern char KiBootStackBase[], KiBootStackTop[];
extern VOID KiSwapContext(ULONG *OldStack, ULONG NewStack);

static KTHREAD KiBootThread;
PKTHREAD KiCurrentThread = &KiBootThread;
PKTHREAD KiIdleThread;
LIST_ENTRY KiThreadListHead;
static LIST_ENTRY KiReaperListHead;
static ULONG KiThreadTotal;

PKTHREAD KeGetCurrentThread(VOID)
{
    return KiCurrentThread;
}

/* newlib's per-thread state (built with __DYNAMIC_REENT__): the running
   thread's, or the library's own before the first thread exists. */
struct _reent *__getreent(void)
{
    PVOID r = KiCurrentThread->Reent;

    return r != NULL ? r : _impure_ptr;
}

ULONG KeThreadCount(VOID)
{
    return KiThreadTotal;
}

static VOID KiInitializeThreadCommon(PKTHREAD t, const char *Name, CHAR Priority)
{
    KiInitializeDispatcherHeader(&t->Header, ThreadObject, 0);
    KeInitializeTimer(&t->Timer);
    InitializeListHead(&t->MutantListHead);
    InitializeListHead(&t->ApcListHead);
    InitializeListHead(&t->IrpList);
    strncpy(t->Name, Name, sizeof(t->Name) - 1);
    t->Priority = Priority;
    t->Controlled = TRUE;
    t->ApcQueueable = TRUE;
    t->LastPointRealTime = KeQueryRealTime();
    InsertTailList(&KiThreadListHead, &t->ThreadListEntry);
    KiThreadTotal++;
}

static NTSTATUS KiCreateThread(PKTHREAD *Thread, const char *Name, CHAR Priority,
                               PKSTART_ROUTINE StartRoutine, PVOID Context, BOOLEAN Controlled);

/* Turns the boot context into the thread "init" and creates "idle". */
VOID KiInitializeThreads(VOID)
{
    PKTHREAD t = &KiBootThread;

    InitializeListHead(&KiThreadListHead);
    InitializeListHead(&KiReaperListHead);
    KiInitializeThreadCommon(t, "init", NORMAL_PRIORITY);
    t->State = Running;
    t->StackBase = (ULONG)KiBootStackTop;
    t->StackLimit = (ULONG)KiBootStackBase;
    t->StackSlot = ~0u;
    t->ReferenceCount = 1;
    t->Reent = _impure_ptr;
    KiPctAssignPriority(t);
    if (!NT_SUCCESS(KiCreateThread(&KiIdleThread, "idle", 0, KiIdleLoop, NULL, FALSE)))
        KeBugCheckEx(NO_MORE_SYSTEM_PTES, 0, 0, 0, 0);
}

/* Where a new thread starts, at DISPATCH_LEVEL, as if returning from
   KiSwapContext. */
static VOID KiThreadStartup(VOID)
{
    PKTHREAD t = KeGetCurrentThread();

    KiAfterSwitch();
    KeLowerIrql(PASSIVE_LEVEL);
    setvbuf(stdout, NULL, _IONBF, 0);
    t->StartRoutine(t->StartContext);
    KeTerminateThread();
}

/* The first frame: what KiSwapContext pops (EDI, ESI, EBX, EBP = 0 to end
   backtraces), then its return address, then a zero "return address" for
   KiThreadStartup itself. */
static VOID KiInitializeContext(PKTHREAD t)
{
    ULONG *sp = (ULONG *)t->StackBase;

    *--sp = 0;
    *--sp = (ULONG)KiThreadStartup;
    *--sp = 0;
    *--sp = 0;
    *--sp = 0;
    *--sp = 0;
    t->KernelStack = (ULONG)sp;
}

/* Creates a thread; Controlled ones are readied (idle is neither). */
static NTSTATUS KiCreateThread(PKTHREAD *Thread, const char *Name, CHAR Priority,
                               PKSTART_ROUTINE StartRoutine, PVOID Context, BOOLEAN Controlled)
{
    PKTHREAD t = ExAllocatePoolWithTag(NonPagedPool, sizeof(KTHREAD) + sizeof(struct _reent),
                                       THREAD_TAG);
    KIRQL irql;

    if (t == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    memset(t, 0, sizeof(*t));
    if (!NT_SUCCESS(MmCreateKernelStack(&t->StackBase, &t->StackLimit, &t->StackSlot))) {
        ExFreePoolWithTag(t, THREAD_TAG);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    t->Reent = t + 1;
    _REENT_INIT_PTR((struct _reent *)t->Reent);
    t->StartRoutine = StartRoutine;
    t->StartContext = Context;
    t->ReferenceCount = 2;
    t->ProcessId = KeGetCurrentThread()->ProcessId;
    KiInitializeContext(t);
    irql = KiLockDispatcherDatabase();
    KiInitializeThreadCommon(t, Name, Priority);
    KiPctAssignPriority(t);
    TrLog(TR_THREAD_CREATE, t->Header.Id, t->PctPriority, 0);
    t->Controlled = Controlled;
    if (Controlled)
        KiReadyThread(t);
    KiUnlockDispatcherDatabase(irql);
    *Thread = t;
    return STATUS_SUCCESS;
}

NTSTATUS KeCreateThread(PKTHREAD *Thread, const char *Name, CHAR Priority,
                        PKSTART_ROUTINE StartRoutine, PVOID Context)
{
    return KiCreateThread(Thread, Name, Priority, StartRoutine, Context, TRUE);
}

/* Ends the calling thread: mutexes abandoned, APCs run down, waiters on the
   thread released, and the stack handed to whoever runs next. */
VOID KeTerminateThread(VOID)
{
    PKTHREAD t = KeGetCurrentThread();

    KiRundownApcs(t);
    KiLockDispatcherDatabase();
    KiAbandonMutants(t);
    TrLog(TR_THREAD_EXIT, t->Header.Id, 0, 0);
    t->Header.SignalState = 1;
    KiWaitTest(&t->Header);
    t->State = Terminated;
    InsertTailList(&KiReaperListHead, &t->WaitListEntry);
    KiSwapThread();
    KeBugCheckEx(INVALID_DATA_ACCESS_TRAP, (ULONG_PTR)t, 0, 0, 0);
}

static VOID KiFreeThread(PKTHREAD t)
{
    RemoveEntryList(&t->ThreadListEntry);
    KiThreadTotal--;
    ExFreePoolWithTag(t, THREAD_TAG);
}

VOID KeDereferenceThread(PKTHREAD Thread)
{
    KIRQL irql = KiLockDispatcherDatabase();

    if (Thread->ReferenceCount == 0)
        KeBugCheckEx(REFERENCE_BY_POINTER, (ULONG_PTR)Thread, 0, 0, 0);
    if (--Thread->ReferenceCount == 0)
        KiFreeThread(Thread);
    KeLowerIrql(irql);
}

/* At DISPATCH_LEVEL, on the stack of a thread that is not on the list. */
VOID KiReapTerminatedThreads(VOID)
{
    while (!IsListEmpty(&KiReaperListHead)) {
        PKTHREAD t = CONTAINING_RECORD(RemoveHeadList(&KiReaperListHead), KTHREAD, WaitListEntry);

        MmDeleteKernelStack(t->StackSlot);
        _reclaim_reent(t->Reent);
        if (--t->ReferenceCount == 0)
            KiFreeThread(t);
    }
}
