/*
 * ntob.h - the native calls on objects, events, mutants and waits, as
 * user/ sees them (file calls are in ntio.h, processes and threads in
 * ntps.h, system information in ntsysinfo.h; this includes both).
 */
#ifndef NTOB_H
#define NTOB_H

#include "ntdef.h"
#include "ntio.h"
#include "obtypes.h"
#include "ntteb.h"
#include "ntps.h"
#include "ntsysinfo.h"

NTSTATUS NtCreateDirectoryObject(PHANDLE DirectoryHandle, ACCESS_MASK DesiredAccess,
                                 POBJECT_ATTRIBUTES ObjectAttributes);
NTSTATUS NtOpenDirectoryObject(PHANDLE DirectoryHandle, ACCESS_MASK DesiredAccess,
                               POBJECT_ATTRIBUTES ObjectAttributes);
NTSTATUS NtQueryDirectoryObject(HANDLE DirectoryHandle, PVOID Buffer, ULONG Length,
                                BOOLEAN ReturnSingleEntry, BOOLEAN RestartScan, PULONG Context,
                                PULONG ReturnLength);
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

/* Mutants (mutexes), as NT's: waited for with NtWaitForSingleObject. */
#define MUTANT_ALL_ACCESS   0x001F0001u
NTSTATUS NtCreateMutant(PHANDLE MutantHandle, ACCESS_MASK DesiredAccess,
                        POBJECT_ATTRIBUTES ObjectAttributes, BOOLEAN InitialOwner);
NTSTATUS NtReleaseMutant(HANDLE MutantHandle, PLONG PreviousCount);

#endif
