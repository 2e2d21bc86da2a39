/*
 * kernel32.h - the Win32 layer irplab's processes call (kernel32-, mpr-
 * like), over the native API only. Errors are Win32 codes (winerror.h),
 * kept per thread in the TEB: GetLastError/SetLastError.
 *
 * Interface:
 *   csrclient.c  CsrClientCallServer: one request to CSRSS over LPC
 *   dosdev.c     DefineDosDeviceA, QueryDosDeviceA, GetLogicalDrives,
 *                GetLogicalDriveStringsA, GetDriveTypeA, BaseAuditDrives,
 *                BaseDropDeviceDefinitions (csnw's stop)
 *   file.c       CreateFileA, ReadFile, WriteFile, CloseHandle,
 *                GetLastError, SetLastError, BaseSetLastNtError;
 *                BasepDosPathToNt, BasepOpenFile for the others here
 *   fileinfo.c   SetFilePointer, SetEndOfFile, GetFileSize, FlushFileBuffers:
 *                what an open file is
 *   names.c      GetFileAttributesA, SetFileAttributesA, DeleteFileA,
 *                MoveFileA, MoveFileExA, CreateDirectoryA, RemoveDirectoryA:
 *                files by name
 *   volume.c     GetDiskFreeSpaceA, GetVolumeInformationA
 *   find.c       FindFirstFileA, FindNextFileA, FindClose
 *   netuse.c     WNetAddConnection[2]A, WNetUseConnectionA,
 *                WNetCancelConnection[2]A, WNetGetConnectionA,
 *                WNetGetProviderNameA, NwpEnumConnections: `net use`
 *                through the NetWare provider (provider.c) on NWRDR
 */
#ifndef KERNEL32_H
#define KERNEL32_H

#include "ntdef.h"
#include "obtypes.h"
#include "ntio.h"
#include "csrmsg.h"
#include "nwrdr.h"

typedef int BOOL;
typedef ULONG DWORD, *PDWORD;
typedef unsigned int UINT;

#define INVALID_HANDLE_VALUE    ((HANDLE)(intptr_t)-1)

/* CreateFile. FILE_ATTRIBUTE_* are ntio.h's, Win32's values too. */
#define CREATE_NEW              1
#define CREATE_ALWAYS           2
#define OPEN_EXISTING           3
#define OPEN_ALWAYS             4
#define TRUNCATE_EXISTING       5
#define FILE_FLAG_BACKUP_SEMANTICS  0x02000000u   /* may open a directory */

/* SetFilePointer, GetFileSize, GetFileAttributes: their failure values. */
#define FILE_BEGIN              0
#define FILE_CURRENT            1
#define FILE_END                2
#define INVALID_SET_FILE_POINTER    ((DWORD)-1)
#define INVALID_FILE_SIZE           ((DWORD)0xFFFFFFFF)
#define INVALID_FILE_ATTRIBUTES     ((DWORD)-1)

/* MoveFileEx */
#define MOVEFILE_REPLACE_EXISTING   0x00000001u
#define MOVEFILE_COPY_ALLOWED       0x00000002u
#define MOVEFILE_DELAY_UNTIL_REBOOT 0x00000004u
#define MOVEFILE_WRITE_THROUGH      0x00000008u

/* GetVolumeInformation's file system flags (NT's FILE_CASE_*, ntio.h). */
#define FS_CASE_SENSITIVE       FILE_CASE_SENSITIVE_SEARCH
#define FS_CASE_IS_PRESERVED    FILE_CASE_PRESERVED_NAMES

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
BOOL BaseDropDeviceDefinitions(PCSTR Device, PULONG Letters, PULONG Definitions);

/* file.c */
HANDLE CreateFileA(PCSTR FileName, DWORD DesiredAccess, DWORD ShareMode, PVOID Security,
                   DWORD CreationDisposition, DWORD FlagsAndAttributes, HANDLE Template);
BOOL ReadFile(HANDLE File, PVOID Buffer, DWORD Length, PDWORD Read, PVOID Overlapped);
BOOL WriteFile(HANDLE File, const VOID *Buffer, DWORD Length, PDWORD Written, PVOID Overlapped);
BOOL CloseHandle(HANDLE Handle);
DWORD GetLastError(VOID);
VOID SetLastError(DWORD Error);
ULONG BaseSetLastNtError(NTSTATUS Status);
BOOLEAN BasepDosPathToNt(PCSTR FileName, PCHAR Path, SIZE_T Size);
NTSTATUS BasepOpenFile(PCSTR FileName, ACCESS_MASK Access, ULONG Disposition, ULONG Options,
                       PHANDLE Handle, ULONG_PTR *Action);

/* fileinfo.c */
DWORD SetFilePointer(HANDLE File, LONG DistanceToMove, PLONG DistanceToMoveHigh,
                     DWORD MoveMethod);
BOOL SetEndOfFile(HANDLE File);
DWORD GetFileSize(HANDLE File, PDWORD FileSizeHigh);
BOOL FlushFileBuffers(HANDLE File);

/* names.c */
DWORD GetFileAttributesA(PCSTR FileName);
BOOL SetFileAttributesA(PCSTR FileName, DWORD FileAttributes);
BOOL DeleteFileA(PCSTR FileName);
BOOL MoveFileA(PCSTR ExistingFileName, PCSTR NewFileName);
BOOL MoveFileExA(PCSTR ExistingFileName, PCSTR NewFileName, DWORD Flags);
BOOL CreateDirectoryA(PCSTR PathName, PVOID Security);
BOOL RemoveDirectoryA(PCSTR PathName);

/* volume.c */
BOOL GetDiskFreeSpaceA(PCSTR RootPathName, PDWORD SectorsPerCluster, PDWORD BytesPerSector,
                       PDWORD NumberOfFreeClusters, PDWORD TotalNumberOfClusters);
BOOL GetVolumeInformationA(PCSTR RootPathName, PCHAR VolumeNameBuffer, DWORD VolumeNameSize,
                           PDWORD VolumeSerialNumber, PDWORD MaximumComponentLength,
                           PDWORD FileSystemFlags, PCHAR FileSystemNameBuffer,
                           DWORD FileSystemNameSize);

/* find.c */
#define MAX_PATH 260

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
#define RESOURCETYPE_ANY        0x00000000u
#define RESOURCETYPE_DISK       0x00000001u
#define CONNECT_UPDATE_PROFILE  0x00000001u
#define CONNECT_INTERACTIVE     0x00000008u
#define CONNECT_PROMPT          0x00000010u
#define CONNECT_REDIRECT        0x00000080u
#define CONNECT_LOCALDRIVE      0x00000100u     /* WNetUseConnection's lpResult */
#define WNNC_NET_NETWARE        0x00030000u
#define NWP_PROVIDER_NAME       "NetWare Compatible Network"

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
DWORD WNetUseConnectionA(PVOID Owner, const NETRESOURCEA *NetResource, PCSTR Password,
                         PCSTR UserId, DWORD Flags, PCHAR AccessName, PDWORD BufferSize,
                         PDWORD Result);
DWORD WNetCancelConnectionA(PCSTR Name, BOOL Force);
DWORD WNetCancelConnection2A(PCSTR Name, DWORD Flags, BOOL Force);
DWORD WNetGetConnectionA(PCSTR LocalName, PCHAR RemoteName, PDWORD Length);
DWORD WNetGetProviderNameA(DWORD NetType, PCHAR ProviderName, PDWORD BufferSize);
DWORD NwpEnumConnections(PNWR_CONNECTION_LIST List, DWORD Size);

#endif
