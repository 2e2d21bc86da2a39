/*
 * ps.h - processes and their threads.
 *
 * Interface (process.c):
 *   PsInitSystem, PsCreateProcess, PsCreateSystemThread, PsTerminateSystemThread,
 *   PsGetCurrentProcess, PsGetCurrentHandleTable, PsProcessCount,
 *   PsOpenHandleCount, NtQueryInformationProcess, NtOpenProcess
 * Interface (ntthread.c): NtCurrentTeb, RtlCreateUserThread
 *
 * A process is an object (type "Process") with an id, a name, a token (the
 * user and the logon session's LUID - MMTA and CIM share one, as services),
 * a handle table, and its threads. Kernel threads made with KeCreateThread
 * belong to the System process. A process ends when its last thread does:
 * its threads' I/O is cancelled as each ends, then its handle table is
 * destroyed, so every open file gets IRP_MJ_CLEANUP and IRP_MJ_CLOSE; then
 * the process object is signalled. The process list is guarded by
 * PspProcessLock; a process's thread count and Exiting flag by the same.
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

#define ProcessObject 3         /* DISPATCHER_HEADER.Type */

typedef struct _EPROCESS {
    DISPATCHER_HEADER Header;   /* signalled when the process has ended */
    ULONG UniqueProcessId;
    CHAR ImageFileName[16];
    TOKEN Token;
    PHANDLE_TABLE ObjectTable;
    LIST_ENTRY ProcessListEntry;    /* PspProcessList */
    ULONG ActiveThreads;            /* PspProcessLock */
    BOOLEAN Exiting;                /* PspProcessLock */
    NTSTATUS ExitStatus;
} EPROCESS, *PEPROCESS;

extern POBJECT_TYPE PsProcessType;
extern PEPROCESS PsInitialSystemProcess;

VOID PsInitSystem(VOID);
NTSTATUS PsCreateProcess(PCSTR Name, PCSTR UserName, LUID LogonId, PEPROCESS *Process);
NTSTATUS PsCreateSystemThread(PEPROCESS Process, PCSTR Name, PKSTART_ROUTINE Routine,
                              PVOID Context, PKTHREAD *Thread);
VOID __attribute__((noreturn)) PsTerminateSystemThread(NTSTATUS ExitStatus);
PEPROCESS PsGetCurrentProcess(VOID);
PHANDLE_TABLE PsGetCurrentHandleTable(VOID);
ULONG PsProcessCount(VOID);
ULONG PsOpenHandleCount(VOID);

#endif
