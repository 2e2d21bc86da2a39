/*
 * kernel32.h - the Win32 layer irplab's processes call (kernel32-, mpr-
 * like), over the native API only. Errors are Win32 codes (winerror.h),
 * kept per thread in the TEB: GetLastError/SetLastError.
 *
 * Interface:
 *   csrclient.c  CsrClientCallServer: one request to CSRSS over LPC
 *   dosdev.c     DefineDosDeviceA, QueryDosDeviceA, GetLogicalDrives,
 *                GetLogicalDriveStringsA, GetDriveTypeA, BaseAuditDrives
 *   file.c       CreateFileA, ReadFile, WriteFile, CloseHandle,
 *                GetLastError, SetLastError, BaseSetLastNtError
 *   find.c       FindFirstFileA, FindNextFileA, FindClose
 *   netuse.c     WNetAddConnection[2]A, WNetCancelConnection[2]A,
 *                WNetGetConnectionA, NwpEnumConnections: `net use` through
 *                the NetWare provider (provider.c) on NWRDR
 */
#ifndef KERNEL32_H
#define KERNEL32_H

#include "ntdef.h"
#include "obtypes.h"
#include "csrmsg.h"
#include "nwrdr.h"

typedef int BOOL;
typedef ULONG DWORD, *PDWORD;
typedef unsigned int UINT;

#define INVALID_HANDLE_VALUE    ((HANDLE)(intptr_t)-1)

/* CreateFile */
#define CREATE_NEW              1
#define CREATE_ALWAYS           2
#define OPEN_EXISTING           3
#define OPEN_ALWAYS             4

/* csrclient.c */
NTSTATUS CsrClientCallServer(PCSR_API_MSG Msg, ULONG ApiNumber);

/* dosdev.c */
BOOL DefineDosDeviceA(DWORD Flags, PCSTR DeviceName, PCSTR TargetPath);
DWORD QueryDosDeviceA(PCSTR DeviceName, PCHAR TargetPath, DWORD Max);
DWORD GetLogicalDrives(VOID);
DWORD GetLogicalDriveStringsA(DWORD Length, PCHAR Buffer);
UINT GetDriveTypeA(PCSTR RootPathName);
NTSTATUS BasepDefineDosDevice(DWORD Flags, PCSTR DeviceName, PCSTR TargetPath);
NTSTATUS BasepQueryDosDevice(PCSTR DeviceName, PCHAR Targets, ULONG Size, PULONG Length);
BOOL BaseAuditDrives(BASESRV_DRIVE_AUDIT Audit[BASESRV_DRIVES], PULONG Orphans);

/* file.c */
HANDLE CreateFileA(PCSTR FileName, DWORD DesiredAccess, DWORD ShareMode, PVOID Security,
                   DWORD CreationDisposition, DWORD FlagsAndAttributes, HANDLE Template);
BOOL ReadFile(HANDLE File, PVOID Buffer, DWORD Length, PDWORD Read, PVOID Overlapped);
BOOL WriteFile(HANDLE File, const VOID *Buffer, DWORD Length, PDWORD Written, PVOID Overlapped);
BOOL CloseHandle(HANDLE Handle);
DWORD GetLastError(VOID);
VOID SetLastError(DWORD Error);
ULONG BaseSetLastNtError(NTSTATUS Status);

/* find.c */
#define MAX_PATH 260
#define FILE_LIST_DIRECTORY_ACCESS 0x0001u

typedef struct _WIN32_FIND_DATAA {
    DWORD dwFileAttributes;
    DWORD nFileSizeLow;
    DWORD nFileSizeHigh;
    CHAR cFileName[MAX_PATH];
} WIN32_FIND_DATAA, *PWIN32_FIND_DATAA;

HANDLE FindFirstFileA(PCSTR FileName, PWIN32_FIND_DATAA Data);
BOOL FindNextFileA(HANDLE FindFile, PWIN32_FIND_DATAA Data);
BOOL FindClose(HANDLE FindFile);

/* netuse.c: WNet's connection calls, as NT's winnetwk.h has them. */
#define RESOURCETYPE_DISK       0x00000001u
#define CONNECT_UPDATE_PROFILE  0x00000001u

typedef struct _NETRESOURCEA {
    DWORD dwScope;
    DWORD dwType;
    DWORD dwDisplayType;
    DWORD dwUsage;
    PCHAR lpLocalName;
    PCHAR lpRemoteName;
    PCHAR lpComment;
    PCHAR lpProvider;
} NETRESOURCEA, *PNETRESOURCEA;

DWORD WNetAddConnectionA(PCSTR RemoteName, PCSTR Password, PCSTR LocalName);
DWORD WNetAddConnection2A(const NETRESOURCEA *NetResource, PCSTR Password, PCSTR UserName,
                          DWORD Flags);
DWORD WNetCancelConnectionA(PCSTR Name, BOOL Force);
DWORD WNetCancelConnection2A(PCSTR Name, DWORD Flags, BOOL Force);
DWORD WNetGetConnectionA(PCSTR LocalName, PCHAR RemoteName, PDWORD Length);
DWORD NwpEnumConnections(PNWR_CONNECTION_LIST List, DWORD Size);

#endif
