/*
 * thread.c - starting and ending threads.
 *
 * A thread's storage belongs to its creator (Ps embeds the KTHREAD in its
 * ETHREAD, an object); the kernel gives it a stack of its own (mm/stack.c,
 * guard page below), initialises the newlib reentrancy structure the
 * creator passes, and signals its dispatcher header when it ends, so that
 * a thread can be waited on. The code that was running at boot becomes the
 * thread "idle", in the idle process (whose address space is the boot page
 * directory): it finishes phase 0 of boot, starts the system thread "init"
 * for the rest (ExStartSystem), and from then on runs only when nothing
 * else can, as NT's boot processor does.
 *
 * A thread cannot free the stack it is running on: an ending thread puts
 * itself on the reaper list and switches away for good, and whichever
 * thread runs next frees its stack and hands the thread to the reaper
 * routine Ps registered (KeSetThreadReaper), which drops the reference the
 * running thread held on its storage.
 */
#include <reent.h>
#include <stdio.h>
#include <string.h>
#include "boot/i386.h"
#include "ke/ke.h"
#include "trace/trace.h"
#include "mm/mm.h"

extern char KiBootStackBase[], KiBootStackTop[];

static KTHREAD KiBootThread;
static KPROCESS KiIdleProcess;
PKTHREAD KiCurrentThread = &KiBootThread;
PKTHREAD KiIdleThread = &KiBootThread;
LIST_ENTRY KiThreadListHead;
static LIST_ENTRY KiReaperListHead;
static ULONG KiThreadTotal;
static PKTHREAD_REAPER KiThreadReaper;

PKTHREAD KeGetCurrentThread(VOID)
{
    return KiCurrentThread;
}

/* Who made the system call the current thread is serving: UserMode from
   ring 3, KernelMode from the kernel (a Zw call, or a system thread). */
KPROCESSOR_MODE KeGetPreviousMode(VOID)
{
    return (KPROCESSOR_MODE)KiCurrentThread->PreviousMode;
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

VOID KeSetThreadReaper(PKTHREAD_REAPER Reaper)
{
    KiThreadReaper = Reaper;
}

VOID KeInitializeProcess(PKPROCESS Process, ULONG DirectoryTableBase)
{
    KiInitializeDispatcherHeader(&Process->Header, ProcessObject, 0);
    Process->DirectoryTableBase = DirectoryTableBase;
}

static VOID KiInitializeThreadCommon(PKTHREAD t, PKPROCESS Process, const char *Name,
                                     CHAR Priority)
{
    KiInitializeDispatcherHeader(&t->Header, ThreadObject, 0);
    KeInitializeTimer(&t->Timer);
    InitializeListHead(&t->MutantListHead);
    InitializeListHead(&t->ApcListHead);
    InitializeListHead(&t->UserApcListHead);
    strncpy(t->Name, Name, sizeof(t->Name) - 1);
    t->Priority = Priority;
    t->Controlled = TRUE;
    t->ApcQueueable = TRUE;
    t->Process = t->ApcStateProcess = Process;
    t->LastPointRealTime = KeQueryRealTime();
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
   KiThreadStartup itself - all below the top of the stack, which is kept
   for the frame of a trap from ring 3 (TrapFrame): a process's thread
   starts by building it there and leaving through it (KiExitToUserMode). */
static VOID KiInitializeContext(PKTHREAD t)
{
    ULONG *sp = (ULONG *)(t->StackBase - sizeof(KTRAP_FRAME));

    t->TrapFrame = (KTRAP_FRAME *)sp;
    *--sp = 0;
    *--sp = (ULONG)KiThreadStartup;
    *--sp = 0;
    *--sp = 0;
    *--sp = 0;
    *--sp = 0;
    t->KernelStack = (ULONG)sp;
}

/*
 * Prepares Thread (zeroed storage of the caller's) to run StartRoutine in
 * Process: a kernel stack and a first frame. It does not run until
 * KeStartThread. Reent (storage for a struct _reent) is initialised here
 * and reclaimed when the thread is reaped.
 */
NTSTATUS KeInitializeThread(PKTHREAD Thread, PKPROCESS Process, ULONG ProcessId,
                            const char *Name, CHAR Priority, PKSTART_ROUTINE StartRoutine,
                            PVOID Context, PVOID Reent)
{
    PKTHREAD t = Thread;

    if (!NT_SUCCESS(MmCreateKernelStack(&t->StackBase, &t->StackLimit, &t->StackSlot)))
        return STATUS_INSUFFICIENT_RESOURCES;
    t->Reent = Reent;
    _REENT_INIT_PTR((struct _reent *)t->Reent);
    t->StartRoutine = StartRoutine;
    t->StartContext = Context;
    t->ProcessId = ProcessId;
    KiInitializeContext(t);
    KiInitializeThreadCommon(t, Process, Name, Priority);
    return STATUS_SUCCESS;
}

/* Puts a prepared thread on the thread list and readies it. */
VOID KeStartThread(PKTHREAD Thread)
{
    KIRQL irql = KiLockDispatcherDatabase();

    InsertTailList(&KiThreadListHead, &Thread->ThreadListEntry);
    KiThreadTotal++;
    KiPctAssignPriority(Thread);
    TrLog(TR_THREAD_CREATE, Thread->Header.Id, Thread->PctPriority,
          Thread->Process != NULL ? Thread->Process->Header.Id : 0);
    TrNameThread(Thread->Header.Id, Thread->Process != NULL ? Thread->Process->Header.Id : 0,
                 Thread->Name);
    KiReadyThread(Thread);
    KiUnlockDispatcherDatabase(irql);
}

/* Callback for every thread on the thread list, in the order made, with
   the dispatcher database held. */
VOID KeForEachThread(VOID (*Callback)(PKTHREAD Thread, PVOID Context), PVOID Context)
{
    KIRQL irql = KiLockDispatcherDatabase();

    for (PLIST_ENTRY e = KiThreadListHead.Flink; e != &KiThreadListHead; e = e->Flink)
        Callback(CONTAINING_RECORD(e, KTHREAD, ThreadListEntry), Context);
    KiUnlockDispatcherDatabase(irql);
}

/* Turns the boot context into the thread "idle": running, and never on a
   ready queue (the scheduler falls back to it). */
VOID KiInitializeThreads(VOID)
{
    PKTHREAD t = &KiBootThread;

    InitializeListHead(&KiThreadListHead);
    InitializeListHead(&KiReaperListHead);
    KeInitializeProcess(&KiIdleProcess, KiReadCr3());
    KiInitializeThreadCommon(t, &KiIdleProcess, "idle", 0);
    InsertTailList(&KiThreadListHead, &t->ThreadListEntry);
    KiThreadTotal++;
    t->State = Running;
    t->Controlled = FALSE;
    t->StackBase = (ULONG)KiBootStackTop;
    t->StackLimit = (ULONG)KiBootStackBase;
    t->StackSlot = ~0u;
    t->Reent = _impure_ptr;
    KiPctAssignPriority(t);
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

/* At DISPATCH_LEVEL, on the stack of a thread that is not on the list. */
VOID KiReapTerminatedThreads(VOID)
{
    while (!IsListEmpty(&KiReaperListHead)) {
        PKTHREAD t = CONTAINING_RECORD(RemoveHeadList(&KiReaperListHead), KTHREAD, WaitListEntry);

        MmDeleteKernelStack(t->StackSlot);
        _reclaim_reent(t->Reent);
        RemoveEntryList(&t->ThreadListEntry);
        KiThreadTotal--;
        KiThreadReaper(t);
    }
}
