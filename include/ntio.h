/*
 * ntio.h - the native I/O calls, as user/ sees them: the only way a process
 * reaches a driver. Values and shapes are NT's.
 */
#ifndef NTIO_H
#define NTIO_H

#include "ntdef.h"
#include "obtypes.h"

typedef struct _IO_STATUS_BLOCK {
    NTSTATUS Status;
    ULONG_PTR Information;      /* bytes moved, or what the call defines */
} IO_STATUS_BLOCK, *PIO_STATUS_BLOCK;


/* File access rights. */
#define FILE_READ_DATA              0x0001u
#define FILE_WRITE_DATA             0x0002u
#define FILE_LIST_DIRECTORY         0x0001u
#define FILE_READ_ATTRIBUTES        0x0080u
#define FILE_ALL_ACCESS             (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x1FFu)

/* CreateDisposition and options. */
#define FILE_SUPERSEDE                  0x00000000
#define FILE_OPEN                       0x00000001
#define FILE_CREATE                     0x00000002
#define FILE_OPEN_IF                    0x00000003
#define FILE_OVERWRITE                  0x00000004
#define FILE_OVERWRITE_IF               0x00000005
#define FILE_DIRECTORY_FILE             0x00000001
#define FILE_SYNCHRONOUS_IO_NONALERT    0x00000020
#define FILE_NON_DIRECTORY_FILE         0x00000040

/* Information classes used here. */
#define FileDirectoryInformation        1
#define FileBasicInformation            4
#define FileStandardInformation         5
#define FilePositionInformation         14
#define FileFsVolumeInformation         1
#define FileFsSizeInformation           3

typedef struct _FILE_STANDARD_INFORMATION {
    LONG64 AllocationSize;
    LONG64 EndOfFile;
    ULONG NumberOfLinks;
    BOOLEAN DeletePending;
    BOOLEAN Directory;
} FILE_STANDARD_INFORMATION;

/* One entry of NtQueryDirectoryFile's answer (8-bit names here). */
typedef struct _FILE_DIRECTORY_INFORMATION {
    ULONG NextEntryOffset;      /* 0 on the last entry */
    ULONG FileIndex;
    LONG64 EndOfFile;
    ULONG FileAttributes;
    ULONG FileNameLength;
    CHAR FileName[1];
} FILE_DIRECTORY_INFORMATION;

#define FILE_ATTRIBUTE_DIRECTORY        0x00000010

/* Control codes: CTL_CODE(device type, function, method, access). */
#define CTL_CODE(t, f, m, a)    (((t) << 16) | ((a) << 14) | ((f) << 2) | (m))
#define METHOD_BUFFERED         0
#define FILE_ANY_ACCESS         0

NTSTATUS NtCreateFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess,
                      POBJECT_ATTRIBUTES ObjectAttributes, PIO_STATUS_BLOCK IoStatusBlock,
                      ULONG CreateDisposition, ULONG CreateOptions);
NTSTATUS NtOpenFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess,
                    POBJECT_ATTRIBUTES ObjectAttributes, PIO_STATUS_BLOCK IoStatusBlock,
                    ULONG ShareAccess, ULONG OpenOptions);
NTSTATUS NtReadFile(HANDLE FileHandle, HANDLE Event, PVOID ApcRoutine, PVOID ApcContext,
                    PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer, ULONG Length,
                    const LONG64 *ByteOffset, PULONG Key);
NTSTATUS NtWriteFile(HANDLE FileHandle, HANDLE Event, PVOID ApcRoutine, PVOID ApcContext,
                     PIO_STATUS_BLOCK IoStatusBlock, const VOID *Buffer, ULONG Length,
                     const LONG64 *ByteOffset, PULONG Key);
NTSTATUS NtQueryInformationFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock,
                                PVOID FileInformation, ULONG Length, ULONG FileInformationClass);
NTSTATUS NtQueryVolumeInformationFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock,
                                      PVOID FsInformation, ULONG Length, ULONG FsInformationClass);
NTSTATUS NtQueryDirectoryFile(HANDLE FileHandle, HANDLE Event, PVOID ApcRoutine, PVOID ApcContext,
                              PIO_STATUS_BLOCK IoStatusBlock, PVOID FileInformation, ULONG Length,
                              ULONG FileInformationClass, BOOLEAN ReturnSingleEntry,
                              PSTRING FileName, BOOLEAN RestartScan);
NTSTATUS NtFsControlFile(HANDLE FileHandle, HANDLE Event, PVOID ApcRoutine, PVOID ApcContext,
                         PIO_STATUS_BLOCK IoStatusBlock, ULONG FsControlCode, PVOID InputBuffer,
                         ULONG InputBufferLength, PVOID OutputBuffer, ULONG OutputBufferLength);
NTSTATUS NtDeviceIoControlFile(HANDLE FileHandle, HANDLE Event, PVOID ApcRoutine,
                               PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock,
                               ULONG IoControlCode, PVOID InputBuffer, ULONG InputBufferLength,
                               PVOID OutputBuffer, ULONG OutputBufferLength);
NTSTATUS NtClose(HANDLE Handle);

#endif
