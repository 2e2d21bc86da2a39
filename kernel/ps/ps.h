/*
 * ps.h - processes and their threads.
 *
 * Interface:
 *   process.c  PsInitSystem, PsCreateProcess, PsCreateSystemThread(Ex),
 *              PsGetCurrentProcess, PsGetCurrentThread, PsGetCurrentHandleTable,
 *              PsReferenceProcessByHandle, PsProcessCount, PsOpenHandleCount,
 *              PsQueryProcesses, PsSnapshotHandles,
 *              NtQueryInformationProcess, NtOpenProcess
 *   create.c   PsCreateUserProcess, NtCreateUserProcess, NtCreateThread: a
 *              process from a boot image, a thread in ring 3
 *   exit.c     PsTerminateSystemThread, PsTerminateProcess,
 *              PsRaiseUnhandledException, NtTerminateProcess, NtTerminateThread
 *   image.c    PspFindImage, PspMapImage, PspLookupImageSymbol: the ELF images
 *              the boot loader brought
 *   ntthread.c NtYieldExecution, NtDelayExecution, NtTestAlert
 *
 * A process is an object (type "Process") with an id, a name, a token (the
 * user and the logon session's LUID - MMTA and CIM share one, as services),
 * a handle table, and its threads. A thread is an object too (type
 * "Thread"): an ETHREAD around the kernel's KTHREAD, holding what the
 * executive keeps per thread (its client id, the IRPs it issued). Threads
 * made with PsCreateSystemThread(NULL, ...) belong to the System process.
 *
 * Every process has an address space of its own (EPROCESS.Vm); a process
 * made from an image (PsCreateUserProcess) has threads that run in ring 3,
 * each with a TEB in the process's memory, and a PEB. A system thread has
 * no ring-3 side; PsCreateProcess makes a process for system threads only.
 *
 * A process ends when its last thread does: its threads' I/O is cancelled
 * as each ends, then its handle table is destroyed, so every open file
 * gets IRP_MJ_CLEANUP and IRP_MJ_CLOSE, and its user memory is freed; then
 * the process object is signalled (its page directory goes with the
 * object). A process's thread is ended by another through its exit APC, a
 * user-mode APC: it runs when the thread next returns to ring 3, and ends
 * any UserMode wait to get it there. A thread object holds a reference on
 * its process; the running thread holds one on itself until the kernel has
 * freed its stack.
 *
 * PspProcessLock guards the process list, each process's thread list and
 * count, and its Exiting flag.
 */
#ifndef PS_H
#define PS_H

#include "ntdef.h"
#include "ntps.h"
#include "ntsysinfo.h"
#include "ke/ke.h"
#include "mm/mm.h"
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
    MMSUPPORT Vm;               /* its address space */
    const KBOOT_IMAGE *Image;   /* what it runs; NULL: system threads only */
    ULONG ImageBase;            /* where the image is mapped */
    PPEB Peb;
    LIST_ENTRY ProcessListEntry;    /* PspProcessList */
    LIST_ENTRY ThreadListHead;      /* ETHREAD.ThreadListEntry; PspProcessLock */
    ULONG ActiveThreads;            /* PspProcessLock */
    BOOLEAN Exiting;                /* PspProcessLock */
    BOOLEAN LeftLogonSession;       /* its end was counted; PspProcessLock */
    NTSTATUS ExitStatus;
} EPROCESS, *PEPROCESS;

typedef struct _ETHREAD {
    KTHREAD Tcb;                    /* the kernel's part: first */
    CLIENT_ID Cid;
    PEPROCESS ThreadsProcess;       /* referenced while the thread object lives */
    LIST_ENTRY ThreadListEntry;     /* in ThreadsProcess->ThreadListHead */
    LIST_ENTRY IrpList;             /* the I/O manager's: IRPs this thread issued,
                                       under IopThreadIrpLock */
    PKSTART_ROUTINE StartAddress;   /* what a system thread runs; a process's
                                       thread: its ring-3 start */
    PVOID StartContext;
    ULONG UserStack;                /* a process's thread: its first ESP */
    KAPC ExitApc;                   /* queued (user mode) to end it from outside */
    NTSTATUS ExitStatus;
    BOOLEAN Terminating;            /* the exit APC is on its way; PspProcessLock */
    struct _EPROCESS *ImpersonatedClient;   /* NULL, or the client it acts for
                                               (referenced); the thread's own */
} ETHREAD, *PETHREAD;

/* Who is asking (SeCaptureSubjectContext): the process, or while the
   thread impersonates, its client. ProcessId is NT's ProcessAuditId. */
typedef struct _SECURITY_SUBJECT_CONTEXT {
    ULONG ProcessId;
    LUID LogonId;
    BOOLEAN Impersonating;
} SECURITY_SUBJECT_CONTEXT, *PSECURITY_SUBJECT_CONTEXT;

/* NT's: ParentId is the creator's process id (0 when Create is FALSE). */
typedef VOID (*PCREATE_PROCESS_NOTIFY_ROUTINE)(ULONG ParentId, ULONG ProcessId, BOOLEAN Create);
typedef VOID (*PSE_LOGON_SESSION_TERMINATED_ROUTINE)(PLUID LogonId);

extern POBJECT_TYPE PsProcessType, PsThreadType;
extern PEPROCESS PsInitialSystemProcess;

/* process.c */
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

/* A snapshot of the processes, and of every process's handles, for
   NtQuerySystemInformation (ntsysinfo.h). */
ULONG PsQueryProcesses(SYSTEM_IRPLAB_PROCESS *Info, ULONG Count);
ULONG PsSnapshotHandles(POB_HANDLE_SNAPSHOT Out, ULONG Count);
ULONG PsOpenHandleCount(VOID);
NTSTATUS PsReferenceProcessByHandle(HANDLE Handle, ACCESS_MASK DesiredAccess,
                                    PEPROCESS *Process);
NTSTATUS PsLookupProcessByProcessId(ULONG ProcessId, PEPROCESS *Process);
NTSTATUS PspCreateThread(PEPROCESS Process, PCSTR Name, CHAR Priority,
                         PKSTART_ROUTINE StartRoutine, PVOID Context, PETHREAD *Thread);
VOID PspStartThread(PETHREAD Thread);
NTSTATUS PspCreateProcessObject(PCSTR Name, const TOKEN *Token, PEPROCESS *Process);
BOOLEAN PspLeaveLogonSession(PEPROCESS Process);
extern KSPIN_LOCK PspProcessLock;

/* security.c */
VOID PsImpersonateClient(PEPROCESS Client);
VOID PsRevertToSelf(VOID);
VOID SeCaptureSubjectContext(PSECURITY_SUBJECT_CONTEXT Subject);
#define SE_SYSTEM_LOGON_ID              0x3E7   /* NT's SYSTEM logon session */
#define SE_LOAD_DRIVER_PRIVILEGE        10      /* NT's privilege numbers */
BOOLEAN SeSinglePrivilegeCheck(ULONG Privilege, KPROCESSOR_MODE PreviousMode);
NTSTATUS PsSetCreateProcessNotifyRoutine(PCREATE_PROCESS_NOTIFY_ROUTINE Routine, BOOLEAN Remove);
VOID PspProcessNotify(PEPROCESS Process, BOOLEAN Create);
NTSTATUS SeRegisterLogonSessionTerminatedRoutine(PSE_LOGON_SESSION_TERMINATED_ROUTINE Routine);
NTSTATUS SeUnregisterLogonSessionTerminatedRoutine(PSE_LOGON_SESSION_TERMINATED_ROUTINE Routine);

/* create.c */
NTSTATUS PsCreateUserProcess(PCSTRING ImageName, PCSTRING CommandLine, const TOKEN *Token,
                             PEPROCESS *Process, PCLIENT_ID ClientId);
NTSTATUS PsCreateUserProcessFromLine(PCSTR CommandLine, const TOKEN *Token, PEPROCESS *Process);

/* exit.c */
VOID PsTerminateProcess(PEPROCESS Process, NTSTATUS ExitStatus);
NTSTATUS PsTerminateThread(PETHREAD Thread, NTSTATUS ExitStatus);
VOID __attribute__((noreturn)) PspExitThread(NTSTATUS ExitStatus);
VOID PspInitializeExitApc(PETHREAD Thread);
struct _KTRAP_FRAME;
VOID __attribute__((noreturn)) PsRaiseUnhandledException(NTSTATUS Code,
                                                         struct _KTRAP_FRAME *Frame,
                                                         ULONG Address, BOOLEAN Write);

/* image.c */
NTSTATUS PspFindImage(PCSTRING Name, const KBOOT_IMAGE **Image);
NTSTATUS PspMapImage(PEPROCESS Process, const KBOOT_IMAGE *Image, ULONG *Entry);
PCSTR PspLookupImageSymbol(const KBOOT_IMAGE *Image, ULONG Address, ULONG *Offset);

#endif
