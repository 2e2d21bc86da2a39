/*
 * process.c - processes: creation, threads, and the end of both (ps.h).
 */
#include <string.h>
#include "ntob.h"
#include "io/io.h"
#include "ps/ps.h"
#include "trace/trace.h"

#define PROCESS_TAG POOL_TAG('P', 's', 'P', 'r')
#define START_TAG   POOL_TAG('P', 's', 'S', 't')

POBJECT_TYPE PsProcessType;
PEPROCESS PsInitialSystemProcess;
static LIST_ENTRY PspProcessList = { &PspProcessList, &PspProcessList };
static KSPIN_LOCK PspProcessLock;
static ULONG PspProcessIds;

typedef struct _PSP_START {
    PKSTART_ROUTINE Routine;
    PVOID Context;
    PEPROCESS Process;
} PSP_START;

PEPROCESS PsGetCurrentProcess(VOID)
{
    PEPROCESS p = KeGetCurrentThread()->Process;

    return p != NULL ? p : PsInitialSystemProcess;
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

VOID PsInitSystem(VOID)
{
    OBJECT_TYPE_INITIALIZER init;
    LUID system = { 0x3E7, 0 };     /* NT's SYSTEM logon session */

    memset(&init, 0, sizeof(init));
    init.PoolTag = PROCESS_TAG;
    init.ValidAccessMask = 0x1F0FFF;
    init.DeleteProcedure = PspDeleteProcess;
    if (!NT_SUCCESS(ObCreateObjectType("Process", &init, &PsProcessType)) ||
        !NT_SUCCESS(PsCreateProcess("System", "SYSTEM", system, &PsInitialSystemProcess)))
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, 0x20, 0, 0, 0);
    PsInitialSystemProcess->ActiveThreads = 1;      /* init, and every kernel thread */
    KeGetCurrentThread()->Process = PsInitialSystemProcess;
}

NTSTATUS PsCreateProcess(PCSTR Name, PCSTR UserName, LUID LogonId, PEPROCESS *Process)
{
    PEPROCESS p;
    NTSTATUS status = ObCreateObject(PsProcessType, 0, sizeof(*p), (PVOID *)&p);
    KIRQL irql;

    if (!NT_SUCCESS(status))
        return status;
    status = ObCreateHandleTable(&p->ObjectTable);
    if (!NT_SUCCESS(status)) {
        InitializeListHead(&p->ProcessListEntry);
        ObDereferenceObject(p);
        return status;
    }
    KiInitializeDispatcherHeader(&p->Header, ProcessObject, 0);
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
    p->Header.SignalState = 1;
    KiWaitTest(&p->Header);
    KiUnlockDispatcherDatabase(irql);
}

VOID PsTerminateSystemThread(NTSTATUS ExitStatus)
{
    PKTHREAD t = KeGetCurrentThread();
    PEPROCESS p = t->Process;
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
    ObDereferenceObject(p);
    KeTerminateThread();
}

static VOID PspThreadStartup(PVOID Context)
{
    PSP_START start = *(PSP_START *)Context;

    ExFreePoolWithTag(Context, START_TAG);
    KeGetCurrentThread()->Process = start.Process;
    KeGetCurrentThread()->ProcessId = start.Process->UniqueProcessId;
    start.Routine(start.Context);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

/* A thread in Process; the process holds on while the thread lives. */
NTSTATUS PsCreateSystemThread(PEPROCESS Process, PCSTR Name, PKSTART_ROUTINE Routine,
                              PVOID Context, PKTHREAD *Thread)
{
    PSP_START *start = ExAllocatePoolWithTag(NonPagedPool, sizeof(*start), START_TAG);
    NTSTATUS status;
    KIRQL irql;

    if (start == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    KeAcquireSpinLock(&PspProcessLock, &irql);
    status = Process->Exiting ? STATUS_PROCESS_IS_TERMINATING : STATUS_SUCCESS;
    if (NT_SUCCESS(status))
        Process->ActiveThreads++;
    KeReleaseSpinLock(&PspProcessLock, irql);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(start, START_TAG);
        return status;
    }
    ObReferenceObject(Process);
    start->Routine = Routine;
    start->Context = Context;
    start->Process = Process;
    status = KeCreateThread(Thread, Name, NORMAL_PRIORITY, PspThreadStartup, start);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(start, START_TAG);
        KeAcquireSpinLock(&PspProcessLock, &irql);
        Process->ActiveThreads--;
        KeReleaseSpinLock(&PspProcessLock, irql);
        ObDereferenceObject(Process);
    }
    return status;
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
