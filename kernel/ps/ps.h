/*
 * ps.h - processes and their threads.
 *
 * Interface (process.c):
 *   PsInitSystem, PsCreateProcess, PsCreateSystemThread(Ex),
 *   PsTerminateSystemThread, PsGetCurrentProcess, PsGetCurrentThread,
 *   PsGetCurrentHandleTable, PsProcessCount, PsOpenHandleCount,
 *   NtQueryInformationProcess, NtOpenProcess
 * Interface (ntthread.c): NtCurrentTeb, RtlCreateUserThread, NtYieldExecution
 *
 * A process is an object (type "Process") with an id, a name, a token (the
 * user and the logon session's LUID - MMTA and CIM share one, as services),
 * a handle table, and its threads. A thread is an object too (type
 * "Thread"): an ETHREAD around the kernel's KTHREAD, holding what the
 * executive keeps per thread (its client id, the IRPs it issued). Threads
 * made with PsCreateSystemThread(NULL, ...) belong to the System process.
 *
 * A process ends when its last thread does: its threads' I/O is cancelled
 * as each ends, then its handle table is destroyed, so every open file
 * gets IRP_MJ_CLEANUP and IRP_MJ_CLOSE; then the process object is
 * signalled. A thread object holds a reference on its process; the running
 * thread holds one on itself until the kernel has freed its stack.
 *
 * PspProcessLock guards the process list, each process's thread list and
 * count, and its Exiting flag.
 */
#ifndef PS_H
#define PS_H

#include "ntdef.h"
#include "ke/ke.h"
#include "ob/ob.h"

typedef struct _LUID {
    ULONG LowPart;
    LONG HighPart;
} LUID, *PLUID;

typedef struct _TOKEN {
    CHAR UserName[32];
    LUID AuthenticationId;      /* the logon session */
} TOKEN;

typedef struct _EPROCESS {
    KPROCESS Pcb;               /* the kernel's part: first, so a process is waitable */
    ULONG UniqueProcessId;
    CHAR ImageFileName[16];
    TOKEN Token;
    PHANDLE_TABLE ObjectTable;
    LIST_ENTRY ProcessListEntry;    /* PspProcessList */
    LIST_ENTRY ThreadListHead;      /* ETHREAD.ThreadListEntry; PspProcessLock */
    ULONG ActiveThreads;            /* PspProcessLock */
    BOOLEAN Exiting;                /* PspProcessLock */
    NTSTATUS ExitStatus;
} EPROCESS, *PEPROCESS;

typedef struct _ETHREAD {
    KTHREAD Tcb;                    /* the kernel's part: first */
    CLIENT_ID Cid;
    PEPROCESS ThreadsProcess;       /* referenced while the thread object lives */
    LIST_ENTRY ThreadListEntry;     /* in ThreadsProcess->ThreadListHead */
    LIST_ENTRY IrpList;             /* the I/O manager's: IRPs this thread issued,
                                       under IopThreadIrpLock */
    PKSTART_ROUTINE StartAddress;   /* what a system thread runs */
    PVOID StartContext;
} ETHREAD, *PETHREAD;

extern POBJECT_TYPE PsProcessType, PsThreadType;
extern PEPROCESS PsInitialSystemProcess;

VOID PsInitSystem(VOID);
NTSTATUS PsCreateProcess(PCSTR Name, PCSTR UserName, LUID LogonId, PEPROCESS *Process);
NTSTATUS PsCreateSystemThread(PEPROCESS Process, PCSTR Name, PKSTART_ROUTINE Routine,
                              PVOID Context, PETHREAD *Thread);
NTSTATUS PsCreateSystemThreadEx(PEPROCESS Process, PCSTR Name, CHAR Priority,
                                PKSTART_ROUTINE Routine, PVOID Context, PETHREAD *Thread);
VOID __attribute__((noreturn)) PsTerminateSystemThread(NTSTATUS ExitStatus);
PEPROCESS PsGetCurrentProcess(VOID);
PETHREAD PsGetCurrentThread(VOID);
PHANDLE_TABLE PsGetCurrentHandleTable(VOID);
ULONG PsProcessCount(VOID);
ULONG PsOpenHandleCount(VOID);

#endif
