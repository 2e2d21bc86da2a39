/*
 * ntob.h - the native calls on objects, events, waits and processes, as
 * user/ sees them (file calls are in ntio.h).
 */
#ifndef NTOB_H
#define NTOB_H

#include "ntdef.h"
#include "ntio.h"
#include "obtypes.h"

/* The pseudo-handle every process has for itself. */
#define NtCurrentProcess() ((HANDLE)(intptr_t)-1)

NTSTATUS NtCreateDirectoryObject(PHANDLE DirectoryHandle, ACCESS_MASK DesiredAccess,
                                 POBJECT_ATTRIBUTES ObjectAttributes);
NTSTATUS NtCreateSymbolicLinkObject(PHANDLE LinkHandle, ACCESS_MASK DesiredAccess,
                                    POBJECT_ATTRIBUTES ObjectAttributes, PSTRING LinkTarget);
NTSTATUS NtOpenSymbolicLinkObject(PHANDLE LinkHandle, ACCESS_MASK DesiredAccess,
                                  POBJECT_ATTRIBUTES ObjectAttributes);
NTSTATUS NtQuerySymbolicLinkObject(HANDLE LinkHandle, PSTRING LinkTarget, PULONG ReturnedLength);
NTSTATUS NtMakeTemporaryObject(HANDLE Handle);

/* Events and waits. */
#define EVENT_ALL_ACCESS    0x001F0003u
#define EVENT_MODIFY_STATE  0x00000002u

NTSTATUS NtCreateEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess,
                       POBJECT_ATTRIBUTES ObjectAttributes, ULONG EventType, BOOLEAN InitialState);
NTSTATUS NtSetEvent(HANDLE EventHandle, PLONG PreviousState);
NTSTATUS NtResetEvent(HANDLE EventHandle, PLONG PreviousState);
NTSTATUS NtWaitForSingleObject(HANDLE Handle, BOOLEAN Alertable, const LONG64 *Timeout);
NTSTATUS NtWaitForMultipleObjects(ULONG Count, const HANDLE Handles[], WAIT_TYPE WaitType,
                                  BOOLEAN Alertable, const LONG64 *Timeout);

/* Processes. */
#define ProcessBasicInformation 0
#define ProcessDeviceMap        23

typedef struct _PROCESS_BASIC_INFORMATION {
    NTSTATUS ExitStatus;
    ULONG UniqueProcessId;
    CHAR ImageFileName[16];
    CHAR UserName[32];
    ULONG LogonIdLow;
    LONG LogonIdHigh;
} PROCESS_BASIC_INFORMATION;

NTSTATUS NtQueryInformationProcess(HANDLE ProcessHandle, ULONG ProcessInformationClass,
                                   PVOID ProcessInformation, ULONG Length, PULONG ReturnLength);

#endif
