/*
 * process.c - processes: creation, threads, and the end of both (ps.h).
 */
#include <reent.h>
#include <string.h>
#include "boot/i386.h"
#include "ntob.h"
#include "io/io.h"
#include "ps/ps.h"
#include "trace/trace.h"

#define PROCESS_TAG POOL_TAG('P', 's', 'P', 'r')
#define THREAD_TAG  POOL_TAG('P', 's', 'T', 'h')

POBJECT_TYPE PsProcessType, PsThreadType;
PEPROCESS PsInitialSystemProcess;
static LIST_ENTRY PspProcessList = { &PspProcessList, &PspProcessList };
static KSPIN_LOCK PspProcessLock;
static ULONG PspProcessIds;

/* What a thread object's block holds after the ETHREAD. */
typedef struct _PSP_THREAD_BLOCK {
    ETHREAD Thread;
    struct _reent Reent;
} PSP_THREAD_BLOCK;

PETHREAD PsGetCurrentThread(VOID)
{
    return (PETHREAD)KeGetCurrentThread();
}

PEPROCESS PsGetCurrentProcess(VOID)
{
    return CONTAINING_RECORD(KeGetCurrentThread()->Process, EPROCESS, Pcb);
}

PHANDLE_TABLE PsGetCurrentHandleTable(VOID)
{
    return PsGetCurrentProcess()->ObjectTable;
}

static VOID PspDeleteProcess(PVOID Object)
{
    PEPROCESS p = Object;
    KIRQL irql;

    KeAcquireSpinLock(&PspProcessLock, &irql);
    RemoveEntryList(&p->ProcessListEntry);
    KeReleaseSpinLock(&PspProcessLock, irql);
}

/* The thread object's last reference: it leaves its process's list. */
static VOID PspDeleteThread(PVOID Object)
{
    PETHREAD t = Object;
    KIRQL irql;

    KeAcquireSpinLock(&PspProcessLock, &irql);
    RemoveEntryList(&t->ThreadListEntry);
    KeReleaseSpinLock(&PspProcessLock, irql);
    ObDereferenceObject(t->ThreadsProcess);
}

/* The kernel has freed an ended thread's stack: the running reference goes. */
static VOID PspReapThread(PKTHREAD Thread)
{
    ObDereferenceObject(Thread);
}

static VOID PspCreateTypes(VOID)
{
    OBJECT_TYPE_INITIALIZER init;

    memset(&init, 0, sizeof(init));
    init.PoolTag = PROCESS_TAG;
    init.ValidAccessMask = 0x1F0FFF;
    init.DeleteProcedure = PspDeleteProcess;
    if (!NT_SUCCESS(ObCreateObjectType("Process", &init, &PsProcessType)))
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, 0x20, 0, 0, 0);
    init.PoolTag = THREAD_TAG;
    init.ValidAccessMask = 0x1F03FF;
    init.DeleteProcedure = PspDeleteThread;
    if (!NT_SUCCESS(ObCreateObjectType("Thread", &init, &PsThreadType)))
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, 0x21, 0, 0, 0);
}

VOID PsInitSystem(VOID)
{
    LUID system = { 0x3E7, 0 };     /* NT's SYSTEM logon session */

    PspCreateTypes();
    KeSetThreadReaper(PspReapThread);
    if (!NT_SUCCESS(PsCreateProcess("System", "SYSTEM", system, &PsInitialSystemProcess)))
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, 0x22, 0, 0, 0);
}

NTSTATUS PsCreateProcess(PCSTR Name, PCSTR UserName, LUID LogonId, PEPROCESS *Process)
{
    PEPROCESS p;
    NTSTATUS status = ObCreateObject(PsProcessType, 0, sizeof(*p), (PVOID *)&p);
    KIRQL irql;

    if (!NT_SUCCESS(status))
        return status;
    InitializeListHead(&p->ProcessListEntry);
    InitializeListHead(&p->ThreadListHead);
    status = ObCreateHandleTable(&p->ObjectTable);
    if (!NT_SUCCESS(status)) {
        ObDereferenceObject(p);
        return status;
    }
    KeInitializeProcess(&p->Pcb, KiReadCr3());
    strncpy(p->ImageFileName, Name, sizeof(p->ImageFileName) - 1);
    strncpy(p->Token.UserName, UserName, sizeof(p->Token.UserName) - 1);
    p->Token.AuthenticationId = LogonId;
    KeAcquireSpinLock(&PspProcessLock, &irql);
    p->UniqueProcessId = ++PspProcessIds;
    InsertTailList(&PspProcessList, &p->ProcessListEntry);
    KeReleaseSpinLock(&PspProcessLock, irql);
    *Process = p;
    return STATUS_SUCCESS;
}

/* The last thread is gone: close every handle, then signal the process. */
static VOID PspExitProcess(PEPROCESS p)
{
    PHANDLE_TABLE table = p->ObjectTable;
    KIRQL irql;

    p->ObjectTable = NULL;
    ObDestroyHandleTable(table);
    irql = KiLockDispatcherDatabase();
    p->Pcb.Header.SignalState = 1;
    KiWaitTest(&p->Pcb.Header);
    KiUnlockDispatcherDatabase(irql);
}

VOID PsTerminateSystemThread(NTSTATUS ExitStatus)
{
    PETHREAD t = PsGetCurrentThread();
    PEPROCESS p = t->ThreadsProcess;
    BOOLEAN last;
    KIRQL irql;

    IoCancelThreadIo(t);
    KeAcquireSpinLock(&PspProcessLock, &irql);
    last = --p->ActiveThreads == 0;
    if (last) {
        p->Exiting = TRUE;
        p->ExitStatus = ExitStatus;
    }
    KeReleaseSpinLock(&PspProcessLock, irql);
    if (last)
        PspExitProcess(p);
    KeTerminateThread();
}

static VOID PspSystemThreadStartup(PVOID Context)
{
    PETHREAD t = Context;

    t->StartAddress(t->StartContext);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

/* Counts a new thread in Process, unless the process is ending. */
static NTSTATUS PspAddThread(PEPROCESS Process, PETHREAD Thread)
{
    NTSTATUS status = STATUS_SUCCESS;
    KIRQL irql;

    KeAcquireSpinLock(&PspProcessLock, &irql);
    if (Process->Exiting) {
        status = STATUS_PROCESS_IS_TERMINATING;
    } else {
        Process->ActiveThreads++;
        InsertTailList(&Process->ThreadListHead, &Thread->ThreadListEntry);
    }
    KeReleaseSpinLock(&PspProcessLock, irql);
    return status;
}

/* A thread object in Process with a kernel stack, counted in the process,
   not yet started; it runs StartRoutine(Context) in the kernel's terms. */
static NTSTATUS PspCreateThread(PEPROCESS p, PCSTR Name, CHAR Priority,
                                PKSTART_ROUTINE StartRoutine, PVOID Context, PETHREAD *Thread)
{
    PSP_THREAD_BLOCK *block;
    PETHREAD t;
    NTSTATUS status = ObCreateObject(PsThreadType, 0, sizeof(*block), (PVOID *)&block);

    if (!NT_SUCCESS(status))
        return status;
    memset(block, 0, sizeof(*block));
    t = &block->Thread;
    InitializeListHead(&t->ThreadListEntry);
    InitializeListHead(&t->IrpList);
    t->ThreadsProcess = p;
    ObReferenceObject(p);
    status = KeInitializeThread(&t->Tcb, &p->Pcb, p->UniqueProcessId, Name, Priority,
                                StartRoutine, Context, &block->Reent);
    if (!NT_SUCCESS(status)) {
        ObDereferenceObject(t);
        return status;
    }
    status = PspAddThread(p, t);
    if (!NT_SUCCESS(status)) {
        MmDeleteKernelStack(t->Tcb.StackSlot);
        ObDereferenceObject(t);
        return status;
    }
    t->Cid.UniqueProcess = p->UniqueProcessId;
    t->Cid.UniqueThread = t->Tcb.Header.Id;
    *Thread = t;
    return STATUS_SUCCESS;
}

/* Lets a thread made by PspCreateThread run; it holds a reference on
   itself until the kernel has freed its stack. */
static VOID PspStartThread(PETHREAD Thread)
{
    ObReferenceObject(Thread);
    KeStartThread(&Thread->Tcb);
}

/*
 * A thread in Process (NULL: the System process) running Routine(Context)
 * at NT priority Priority. *Thread is the creator's reference, to be
 * dropped with ObDereferenceObject; the thread object holds one on its
 * process while it lives.
 */
NTSTATUS PsCreateSystemThreadEx(PEPROCESS Process, PCSTR Name, CHAR Priority,
                                PKSTART_ROUTINE Routine, PVOID Context, PETHREAD *Thread)
{
    PEPROCESS p = Process != NULL ? Process : PsInitialSystemProcess;
    PETHREAD t;
    NTSTATUS status = PspCreateThread(p, Name, Priority, PspSystemThreadStartup, NULL, &t);

    if (!NT_SUCCESS(status))
        return status;
    t->Tcb.StartContext = t;
    t->StartAddress = Routine;
    t->StartContext = Context;
    PspStartThread(t);
    *Thread = t;
    return STATUS_SUCCESS;
}

NTSTATUS PsCreateSystemThread(PEPROCESS Process, PCSTR Name, PKSTART_ROUTINE Routine,
                              PVOID Context, PETHREAD *Thread)
{
    return PsCreateSystemThreadEx(Process, Name, NORMAL_PRIORITY, Routine, Context, Thread);
}

ULONG PsProcessCount(VOID)
{
    KIRQL irql;
    ULONG n = 0;

    KeAcquireSpinLock(&PspProcessLock, &irql);
    for (PLIST_ENTRY e = PspProcessList.Flink; e != &PspProcessList; e = e->Flink)
        n++;
    KeReleaseSpinLock(&PspProcessLock, irql);
    return n;
}

/* Handles open in every process with a table (the leak audit's figure). */
ULONG PsOpenHandleCount(VOID)
{
    KIRQL irql;
    ULONG n = 0;

    KeAcquireSpinLock(&PspProcessLock, &irql);
    for (PLIST_ENTRY e = PspProcessList.Flink; e != &PspProcessList; e = e->Flink) {
        PEPROCESS p = CONTAINING_RECORD(e, EPROCESS, ProcessListEntry);
        if (p->ObjectTable != NULL)
            n += ObQueryHandleTableCount(p->ObjectTable);
    }
    KeReleaseSpinLock(&PspProcessLock, irql);
    return n;
}

/* The process a handle names; NtCurrentProcess() is the caller's own. */
static NTSTATUS PspReferenceProcess(HANDLE Handle, PEPROCESS *Process)
{
    if (Handle == NtCurrentProcess()) {
        *Process = PsGetCurrentProcess();
        ObReferenceObject(*Process);
        return STATUS_SUCCESS;
    }
    return ObReferenceObjectByHandleInTable(PsGetCurrentHandleTable(), Handle, 0x0400,
                                            PsProcessType, (PVOID *)Process, NULL);
}

static NTSTATUS PspQueryBasic(PEPROCESS p, PVOID Buffer, ULONG Length, PULONG ReturnLength)
{
    PROCESS_BASIC_INFORMATION *info = Buffer;

    if (ReturnLength != NULL)
        *ReturnLength = sizeof(*info);
    if (Length < sizeof(*info))
        return STATUS_INFO_LENGTH_MISMATCH;
    memset(info, 0, sizeof(*info));
    info->ExitStatus = p->Exiting ? p->ExitStatus : STATUS_PENDING;
    info->UniqueProcessId = p->UniqueProcessId;
    memcpy(info->ImageFileName, p->ImageFileName, sizeof(info->ImageFileName));
    memcpy(info->UserName, p->Token.UserName, sizeof(info->UserName));
    info->LogonIdLow = p->Token.AuthenticationId.LowPart;
    info->LogonIdHigh = p->Token.AuthenticationId.HighPart;
    return STATUS_SUCCESS;
}

/* ProcessDeviceMap: the drive map, one for the whole system here. */
NTSTATUS NtQueryInformationProcess(HANDLE ProcessHandle, ULONG ProcessInformationClass,
                                   PVOID ProcessInformation, ULONG Length, PULONG ReturnLength)
{
    PEPROCESS p;
    NTSTATUS status = PspReferenceProcess(ProcessHandle, &p);

    if (!NT_SUCCESS(status))
        return status;
    if (ProcessInformationClass == ProcessBasicInformation) {
        status = PspQueryBasic(p, ProcessInformation, Length, ReturnLength);
    } else if (ProcessInformationClass == ProcessDeviceMap) {
        if (ReturnLength != NULL)
            *ReturnLength = sizeof(OB_DRIVE_MAP);
        status = Length < sizeof(OB_DRIVE_MAP) ? STATUS_INFO_LENGTH_MISMATCH : STATUS_SUCCESS;
        if (NT_SUCCESS(status))
            ObQueryDriveMap(ProcessInformation);
    } else {
        status = STATUS_INVALID_INFO_CLASS;
    }
    ObDereferenceObject(p);
    return status;
}

/* A handle to the process ClientId->UniqueProcess names (NT's
   NtOpenProcess by client id; CSRSS opens its clients this way). */
NTSTATUS NtOpenProcess(PHANDLE ProcessHandle, ACCESS_MASK DesiredAccess,
                       POBJECT_ATTRIBUTES ObjectAttributes, PCLIENT_ID ClientId)
{
    PEPROCESS found = NULL;
    NTSTATUS status;
    KIRQL irql;

    KeAcquireSpinLock(&PspProcessLock, &irql);
    for (PLIST_ENTRY e = PspProcessList.Flink; e != &PspProcessList; e = e->Flink) {
        PEPROCESS p = CONTAINING_RECORD(e, EPROCESS, ProcessListEntry);
        if (p->UniqueProcessId == ClientId->UniqueProcess && !p->Exiting) {
            found = p;
            ObReferenceObject(p);
            break;
        }
    }
    KeReleaseSpinLock(&PspProcessLock, irql);
    if (found == NULL)
        return STATUS_INVALID_PARAMETER;
    ObpLockNamespace();
    ObpIncrementHandleCount(OBJECT_TO_OBJECT_HEADER(found));
    ObpUnlockNamespace();
    status = ObpCreateHandle(PsGetCurrentHandleTable(), found,
                             ObpMapDesiredAccess(PsProcessType, DesiredAccess), ProcessHandle);
    if (!NT_SUCCESS(status))
        ObpDecrementHandleCount(PsGetCurrentHandleTable(), found, 0);
    ObDereferenceObject(found);
    return status;
}
