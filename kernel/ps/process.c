/*
 * process.c - process and thread objects: creation, lookup, and what the
 * executive asks of them (ps.h). How they end is exit.c's; processes that
 * run an image, create.c's.
 */
#include <reent.h>
#include <string.h>
#include "boot/i386.h"
#include "ex/ex.h"
#include "io/io.h"
#include "ps/ps.h"
#include "trace/trace.h"

#define PROCESS_TAG POOL_TAG('P', 's', 'P', 'r')
#define THREAD_TAG  POOL_TAG('P', 's', 'T', 'h')

POBJECT_TYPE PsProcessType, PsThreadType;
PEPROCESS PsInitialSystemProcess;
static LIST_ENTRY PspProcessList = { &PspProcessList, &PspProcessList };
KSPIN_LOCK PspProcessLock = KSPIN_LOCK_INIT(LockRankPsProcess, "PspProcessLock");
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

/* The process object's last reference: it leaves the list, and what it
   still holds goes (all of it, for a process that never ran). */
static VOID PspDeleteProcess(PVOID Object)
{
    PEPROCESS p = Object;
    KIRQL irql;

    KeAcquireSpinLock(&PspProcessLock, &irql);
    RemoveEntryList(&p->ProcessListEntry);
    KeReleaseSpinLock(&PspProcessLock, irql);
    if (p->ObjectTable != NULL)
        ObDestroyHandleTable(p->ObjectTable);
    if (p->Vm.DirectoryTableBase != 0 && p->Vm.DirectoryTableBase != MmSystemDirectoryTableBase())
        MmDeleteAddressSpace(&p->Vm);
}

/* Process has ended: it no longer counts in its logon session. TRUE when
   another process of the session still does. Marking and counting under
   one lock hold, so that of processes ending together the last one sees
   the session empty. */
BOOLEAN PspLeaveLogonSession(PEPROCESS Process)
{
    LUID luid = Process->Token.AuthenticationId;
    BOOLEAN inUse = FALSE;
    KIRQL irql;

    KeAcquireSpinLock(&PspProcessLock, &irql);
    Process->LeftLogonSession = TRUE;
    for (PLIST_ENTRY e = PspProcessList.Flink; e != &PspProcessList && !inUse; e = e->Flink) {
        PEPROCESS p = CONTAINING_RECORD(e, EPROCESS, ProcessListEntry);
        inUse = !p->LeftLogonSession && p->Token.AuthenticationId.LowPart == luid.LowPart &&
                p->Token.AuthenticationId.HighPart == luid.HighPart;
    }
    KeReleaseSpinLock(&PspProcessLock, irql);
    return inUse;
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

/* A process object: its own address space (the System process uses the
   kernel's page directory), an empty handle table, Token's identity, on
   the process list; no thread yet. */
static NTSTATUS PspCreateProcessObjectEx(PCSTR Name, const TOKEN *Token, BOOLEAN System,
                                         PEPROCESS *Process)
{
    PEPROCESS p;
    NTSTATUS status = ObCreateObject(PsProcessType, 0, sizeof(*p), (PVOID *)&p);
    KIRQL irql;

    if (!NT_SUCCESS(status))
        return status;
    InitializeListHead(&p->ProcessListEntry);
    InitializeListHead(&p->ThreadListHead);
    p->ExitStatus = STATUS_PENDING;
    if (System) {
        KeInitializeSpinLock(&p->Vm.Lock, LockRankMmAddressSpace, "MMSUPPORT.Lock");
        InitializeListHead(&p->Vm.VadListHead);
        p->Vm.DirectoryTableBase = MmSystemDirectoryTableBase();
    } else {
        status = MmCreateAddressSpace(&p->Vm);
    }
    if (NT_SUCCESS(status))
        status = ObCreateHandleTable(&p->ObjectTable);
    if (!NT_SUCCESS(status)) {
        ObDereferenceObject(p);
        return status;
    }
    KeInitializeProcess(&p->Pcb, p->Vm.DirectoryTableBase);
    strncpy(p->ImageFileName, Name, sizeof(p->ImageFileName) - 1);
    p->Token = *Token;
    KeAcquireSpinLock(&PspProcessLock, &irql);
    p->UniqueProcessId = ++PspProcessIds;
    InsertTailList(&PspProcessList, &p->ProcessListEntry);
    KeReleaseSpinLock(&PspProcessLock, irql);
    *Process = p;
    return STATUS_SUCCESS;
}

NTSTATUS PspCreateProcessObject(PCSTR Name, const TOKEN *Token, PEPROCESS *Process)
{
    return PspCreateProcessObjectEx(Name, Token, FALSE, Process);
}

VOID PsInitSystem(VOID)
{
    TOKEN system = { "SYSTEM", { 0x3E7, 0 } };     /* NT's SYSTEM logon session */

    PspCreateTypes();
    KeSetThreadReaper(PspReapThread);
    if (!NT_SUCCESS(PspCreateProcessObjectEx("System", &system, TRUE, &PsInitialSystemProcess)))
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, 0x22, 0, 0, 0);
}

/* A process for system threads only (no image), with UserName's token. */
NTSTATUS PsCreateProcess(PCSTR Name, PCSTR UserName, LUID LogonId, PEPROCESS *Process)
{
    TOKEN token;

    memset(&token, 0, sizeof(token));
    strncpy(token.UserName, UserName, sizeof(token.UserName) - 1);
    token.AuthenticationId = LogonId;
    return PspCreateProcessObject(Name, &token, Process);
}

static VOID PspSystemThreadStartup(PVOID Context)
{
    PETHREAD t = Context;

    t->StartAddress(t->StartContext);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

/* Counts a new thread in Process, unless the process is ending. With its
   first thread a process starts, as the notification routines hear it. */
static NTSTATUS PspAddThread(PEPROCESS Process, PETHREAD Thread)
{
    NTSTATUS status = STATUS_SUCCESS;
    BOOLEAN first = FALSE;
    KIRQL irql;

    KeAcquireSpinLock(&PspProcessLock, &irql);
    if (Process->Exiting) {
        status = STATUS_PROCESS_IS_TERMINATING;
    } else {
        first = Process->ActiveThreads++ == 0 && Process != PsInitialSystemProcess;
        InsertTailList(&Process->ThreadListHead, &Thread->ThreadListEntry);
    }
    KeReleaseSpinLock(&PspProcessLock, irql);
    if (first)
        PspProcessNotify(Process, TRUE);
    return status;
}

/* A thread object in Process with a kernel stack, counted in the process,
   not yet started; it runs StartRoutine(Context) in the kernel's terms. */
NTSTATUS PspCreateThread(PEPROCESS p, PCSTR Name, CHAR Priority,
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
VOID PspStartThread(PETHREAD Thread)
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

/* A snapshot of up to Count processes, oldest first; returns how many
   there are. A process's page count is read without its address-space
   lock: a figure of the moment, as ps shows it. */
ULONG PsQueryProcesses(SYSTEM_IRPLAB_PROCESS *Info, ULONG Count)
{
    KIRQL irql;
    ULONG n = 0;

    KeAcquireSpinLock(&PspProcessLock, &irql);
    for (PLIST_ENTRY e = PspProcessList.Flink; e != &PspProcessList; e = e->Flink, n++) {
        PEPROCESS p = CONTAINING_RECORD(e, EPROCESS, ProcessListEntry);
        SYSTEM_IRPLAB_PROCESS *i = &Info[n];

        if (n >= Count)
            continue;
        i->UniqueProcessId = p->UniqueProcessId;
        memcpy(i->ImageFileName, p->ImageFileName, sizeof(i->ImageFileName));
        memcpy(i->UserName, p->Token.UserName, sizeof(i->UserName));
        i->ImageBase = p->Image != NULL ? p->ImageBase : 0;
        i->Threads = p->ActiveThreads;
        i->Handles = p->ObjectTable != NULL ? ObQueryHandleTableCount(p->ObjectTable) : 0;
        i->Pages = p->Vm.Pages;
        i->Exiting = p->Exiting;
    }
    KeReleaseSpinLock(&PspProcessLock, irql);
    return n;
}

/* Every process's handles, process by process (ObSnapshotHandleTable: each
   object referenced for the caller); fills at most Count; returns how many
   there are. */
ULONG PsSnapshotHandles(POB_HANDLE_SNAPSHOT Out, ULONG Count)
{
    KIRQL irql;
    ULONG n = 0;

    KeAcquireSpinLock(&PspProcessLock, &irql);
    for (PLIST_ENTRY e = PspProcessList.Flink; e != &PspProcessList; e = e->Flink) {
        PEPROCESS p = CONTAINING_RECORD(e, EPROCESS, ProcessListEntry);
        ULONG first = n, room = n < Count ? Count - n : 0, i;

        if (p->ObjectTable == NULL)
            continue;
        n += ObSnapshotHandleTable(p->ObjectTable, &Out[first], room);
        for (i = first; i < n && i < Count; i++)
            Out[i].ProcessId = p->UniqueProcessId;
    }
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

/* The process a handle of the caller's names, with DesiredAccess;
   NtCurrentProcess() is the caller's own. */
NTSTATUS PsReferenceProcessByHandle(HANDLE Handle, ACCESS_MASK DesiredAccess,
                                    PEPROCESS *Process)
{
    if (Handle == NtCurrentProcess()) {
        *Process = PsGetCurrentProcess();
        ObReferenceObject(*Process);
        return STATUS_SUCCESS;
    }
    return ObReferenceObjectByHandle(Handle, DesiredAccess, PsProcessType, KeGetPreviousMode(),
                                     (PVOID *)Process, NULL);
}

static VOID PspQueryBasic(PEPROCESS p, PROCESS_BASIC_INFORMATION *Info)
{
    memset(Info, 0, sizeof(*Info));
    Info->ExitStatus = p->Exiting ? p->ExitStatus : STATUS_PENDING;
    Info->UniqueProcessId = p->UniqueProcessId;
    memcpy(Info->ImageFileName, p->ImageFileName, sizeof(Info->ImageFileName));
    memcpy(Info->UserName, p->Token.UserName, sizeof(Info->UserName));
    Info->LogonIdLow = p->Token.AuthenticationId.LowPart;
    Info->LogonIdHigh = p->Token.AuthenticationId.HighPart;
}

/* ProcessBasicInformation, or ProcessDeviceMap: the drive map, one for the
   whole system here. */
NTSTATUS NtQueryInformationProcess(HANDLE ProcessHandle, ULONG ProcessInformationClass,
                                   PVOID ProcessInformation, ULONG Length, PULONG ReturnLength)
{
    KPROCESSOR_MODE mode = KeGetPreviousMode();
    union { PROCESS_BASIC_INFORMATION Basic; OB_DRIVE_MAP Map; } info;
    ULONG size;
    PEPROCESS p;
    NTSTATUS status;

    if (ProcessInformationClass == ProcessBasicInformation)
        size = sizeof(info.Basic);
    else if (ProcessInformationClass == ProcessDeviceMap)
        size = sizeof(info.Map);
    else
        return STATUS_INVALID_INFO_CLASS;
    status = PsReferenceProcessByHandle(ProcessHandle, PROCESS_QUERY_INFORMATION, &p);
    if (!NT_SUCCESS(status))
        return status;
    if (ProcessInformationClass == ProcessBasicInformation)
        PspQueryBasic(p, &info.Basic);
    else
        ObQueryDriveMap(&info.Map);
    ObDereferenceObject(p);
    if (ReturnLength != NULL)
        status = ExCopyToCaller(mode, ReturnLength, &size, sizeof(size));
    if (NT_SUCCESS(status))
        status = Length < size ? STATUS_INFO_LENGTH_MISMATCH
                               : ExCopyToCaller(mode, ProcessInformation, &info, size);
    return status;
}

/* The live process with id ProcessId, referenced (NT's); a process whose
   last thread has gone is not found. */
NTSTATUS PsLookupProcessByProcessId(ULONG ProcessId, PEPROCESS *Process)
{
    PEPROCESS found = NULL;
    KIRQL irql;

    KeAcquireSpinLock(&PspProcessLock, &irql);
    for (PLIST_ENTRY e = PspProcessList.Flink; e != &PspProcessList; e = e->Flink) {
        PEPROCESS p = CONTAINING_RECORD(e, EPROCESS, ProcessListEntry);
        if (p->UniqueProcessId == ProcessId && !p->Exiting) {
            found = p;
            ObReferenceObject(p);
            break;
        }
    }
    KeReleaseSpinLock(&PspProcessLock, irql);
    *Process = found;
    return found != NULL ? STATUS_SUCCESS : STATUS_INVALID_CID;
}

/* A handle to the process ClientId->UniqueProcess names (NT's
   NtOpenProcess by client id; CSRSS opens its clients this way). */
NTSTATUS NtOpenProcess(PHANDLE ProcessHandle, ACCESS_MASK DesiredAccess,
                       POBJECT_ATTRIBUTES ObjectAttributes, PCLIENT_ID ClientId)
{
    KPROCESSOR_MODE mode = KeGetPreviousMode();
    EX_CAPTURED_ATTRIBUTES captured;
    POBJECT_ATTRIBUTES oa;
    CLIENT_ID cid;
    PEPROCESS p;
    HANDLE handle;
    NTSTATUS status = ExProbeForWrite(mode, ProcessHandle, sizeof(HANDLE), sizeof(ULONG));

    if (NT_SUCCESS(status))
        status = ExCopyFromCaller(mode, &cid, ClientId, sizeof(cid));
    if (NT_SUCCESS(status))
        status = ExCaptureObjectAttributes(mode, ObjectAttributes, &captured, &oa);
    if (!NT_SUCCESS(status))
        return status;
    PsLookupProcessByProcessId(cid.UniqueProcess, &p);
    status = p != NULL ? ObOpenObjectByPointer(p, oa != NULL ? oa->Attributes : 0, DesiredAccess,
                                               PsProcessType, &handle)
                       : STATUS_INVALID_CID;
    if (p != NULL)
        ObDereferenceObject(p);
    ExReleaseObjectAttributes(&captured);
    return ExReturnHandle(mode, ProcessHandle, handle, status);
}
