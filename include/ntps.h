/*
 * ntps.h - processes and threads, as user/ sees them: the PEB and the
 * process parameters a process starts with, and the native calls that make
 * and end processes and threads. Values and layouts are NT's where NT has
 * them (the offsets NT code relies on are checked below).
 *
 * Deviations, on purpose:
 *  - NtCreateUserProcess makes a process from an image the boot loader
 *    brought (a multiboot module; there is no file system to map an image
 *    section from), with its first thread, in one call - the shape of NT's
 *    later NtCreateUserProcess rather than NT 3.51's NtCreateProcess +
 *    NtCreateThread, and for the same reason: the kernel writes the new
 *    process's PEB, parameters and stack itself. The process inherits the
 *    caller's token (user and logon session).
 *  - NtCreateThread takes the start address and its parameter rather than a
 *    whole CONTEXT: the thread starts at StartAddress with Parameter as its
 *    one stack argument (cdecl), on the stack InitialTeb describes.
 *  - Strings are 8-bit STRINGs, as everywhere in irplab.
 */
#ifndef NTPS_H
#define NTPS_H

#include "ntdef.h"
#include "obtypes.h"
#include "ntteb.h"

/* The pseudo-handles every process has for itself and its running thread. */
#define NtCurrentProcess() ((HANDLE)(intptr_t)-1)
#define NtCurrentThread()  ((HANDLE)(intptr_t)-2)

/* Access rights. */
#define PROCESS_TERMINATE           0x0001u
#define PROCESS_CREATE_THREAD       0x0002u
#define PROCESS_VM_OPERATION        0x0008u
#define PROCESS_QUERY_INFORMATION   0x0400u
#define PROCESS_ALL_ACCESS          0x001F0FFFu
#define THREAD_TERMINATE            0x0001u
#define THREAD_ALL_ACCESS           0x001F03FFu

typedef struct _RTL_USER_PROCESS_PARAMETERS {
    ULONG MaximumLength;        /* the block, strings included */
    ULONG Length;
    ULONG Flags;
    ULONG DebugFlags;
    HANDLE ConsoleHandle;
    ULONG ConsoleFlags;
    HANDLE StandardInput;       /* NULL: the process opens \Device\Console itself */
    HANDLE StandardOutput;
    HANDLE StandardError;
    STRING ImagePathName;       /* the image's name, e.g. "csrss" */
    STRING CommandLine;         /* the whole command line, image name first */
} RTL_USER_PROCESS_PARAMETERS, *PRTL_USER_PROCESS_PARAMETERS;

typedef struct _PEB {
    BOOLEAN InheritedAddressSpace;
    BOOLEAN ReadImageFileExecOptions;
    BOOLEAN BeingDebugged;
    BOOLEAN SpareBool;
    HANDLE Mutant;
    PVOID ImageBaseAddress;
    PVOID Ldr;
    PRTL_USER_PROCESS_PARAMETERS ProcessParameters;
    PVOID SubSystemData;
    PVOID ProcessHeap;
} PEB, *PPEB;

_Static_assert(sizeof(PVOID) != 4 || offsetof(PEB, ImageBaseAddress) == 0x08, "PEB.ImageBaseAddress");
_Static_assert(sizeof(PVOID) != 4 || offsetof(PEB, ProcessParameters) == 0x10, "PEB.ProcessParameters");

/* The stack a new thread runs on: [StackLimit, StackBase) is committed, and
   the whole reservation starts at AllocatedStackBase. */
typedef struct _INITIAL_TEB {
    PVOID StackBase;
    PVOID StackLimit;
    PVOID AllocatedStackBase;
} INITIAL_TEB, *PINITIAL_TEB;

typedef VOID (*PUSER_THREAD_START_ROUTINE)(PVOID Parameter);

NTSTATUS NtCreateUserProcess(PHANDLE ProcessHandle, ACCESS_MASK DesiredAccess,
                             PSTRING ImageName, PSTRING CommandLine, PCLIENT_ID ClientId);
NTSTATUS NtCreateThread(PHANDLE ThreadHandle, ACCESS_MASK DesiredAccess,
                        POBJECT_ATTRIBUTES ObjectAttributes, HANDLE ProcessHandle,
                        PCLIENT_ID ClientId, PVOID StartAddress, PVOID Parameter,
                        PINITIAL_TEB InitialTeb);
NTSTATUS NtTerminateProcess(HANDLE ProcessHandle, NTSTATUS ExitStatus);
NTSTATUS NtTerminateThread(HANDLE ThreadHandle, NTSTATUS ExitStatus);
NTSTATUS NtDelayExecution(BOOLEAN Alertable, const LONG64 *DelayInterval);
NTSTATUS NtYieldExecution(VOID);
/* irplab's own (no NT counterpart): a record in the kernel's event trace,
   for a ring-3 server to show where it stands (basesrv: its lock, its
   drive-table writes). Kind is one of TRACE_USER_*. */
#define TRACE_USER_LOCK     1       /* A: 1 acquired, 0 released */
#define TRACE_USER_ENTRY    2       /* A: drive (0 = A:), B: its state */
NTSTATUS NtTraceMark(ULONG Kind, ULONG A, ULONG B);
NTSTATUS NtTestAlert(VOID);

/* Thread information: only ThreadImpersonationToken (NT's class 5) with a
   NULL token handle, which ends the thread's impersonation (RevertToSelf);
   impersonation starts with NtImpersonateClientOfPort (ntlpc.h). */
#define ThreadImpersonationToken 5

NTSTATUS NtSetInformationThread(HANDLE ThreadHandle, ULONG ThreadInformationClass,
                                PVOID ThreadInformation, ULONG Length);

/* Process information. */
#define ProcessBasicInformation 0
#define ProcessDeviceMap        23

typedef struct _PROCESS_BASIC_INFORMATION {
    NTSTATUS ExitStatus;        /* STATUS_PENDING while it runs */
    ULONG UniqueProcessId;
    CHAR ImageFileName[16];
    CHAR UserName[32];
    ULONG LogonIdLow;
    LONG LogonIdHigh;
} PROCESS_BASIC_INFORMATION;

NTSTATUS NtQueryInformationProcess(HANDLE ProcessHandle, ULONG ProcessInformationClass,
                                   PVOID ProcessInformation, ULONG Length, PULONG ReturnLength);
NTSTATUS NtOpenProcess(PHANDLE ProcessHandle, ACCESS_MASK DesiredAccess,
                       POBJECT_ATTRIBUTES ObjectAttributes, PCLIENT_ID ClientId);

#endif
