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


/* File access rights (NT's; the directory names share the file bits). */
#define FILE_READ_DATA              0x0001u
#define FILE_LIST_DIRECTORY         0x0001u
#define FILE_WRITE_DATA             0x0002u
#define FILE_ADD_FILE               0x0002u
#define FILE_APPEND_DATA            0x0004u
#define FILE_ADD_SUBDIRECTORY       0x0004u
#define FILE_READ_EA                0x0008u
#define FILE_WRITE_EA               0x0010u
#define FILE_EXECUTE                0x0020u
#define FILE_TRAVERSE               0x0020u
#define FILE_DELETE_CHILD           0x0040u
#define FILE_READ_ATTRIBUTES        0x0080u
#define FILE_WRITE_ATTRIBUTES       0x0100u
#define FILE_ALL_ACCESS             (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x1FFu)
#define FILE_GENERIC_READ           (STANDARD_RIGHTS_READ | FILE_READ_DATA | \
                                     FILE_READ_ATTRIBUTES | FILE_READ_EA | SYNCHRONIZE)
#define FILE_GENERIC_WRITE          (STANDARD_RIGHTS_WRITE | FILE_WRITE_DATA | \
                                     FILE_WRITE_ATTRIBUTES | FILE_WRITE_EA | \
                                     FILE_APPEND_DATA | SYNCHRONIZE)
#define FILE_GENERIC_EXECUTE        (STANDARD_RIGHTS_EXECUTE | FILE_READ_ATTRIBUTES | \
                                     FILE_EXECUTE | SYNCHRONIZE)

/* CreateDisposition: what NtCreateFile does when the file exists or not.
   The driver finds it in Parameters.Create.Options >> 24. */
#define FILE_SUPERSEDE                  0x00000000  /* replace it, or create */
#define FILE_OPEN                       0x00000001  /* open it, or fail */
#define FILE_CREATE                     0x00000002  /* fail, or create */
#define FILE_OPEN_IF                    0x00000003  /* open it, or create */
#define FILE_OVERWRITE                  0x00000004  /* truncate it, or fail */
#define FILE_OVERWRITE_IF               0x00000005  /* truncate it, or create */

/* CreateOptions (Parameters.Create.Options & 0xFFFFFF). */
#define FILE_DIRECTORY_FILE             0x00000001  /* it must be a directory */
#define FILE_WRITE_THROUGH              0x00000002
#define FILE_SYNCHRONOUS_IO_ALERT       0x00000010  /* the file keeps its own position */
#define FILE_SYNCHRONOUS_IO_NONALERT    0x00000020
#define FILE_NON_DIRECTORY_FILE         0x00000040  /* it must not be one */
#define FILE_DELETE_ON_CLOSE            0x00001000

/* What an open did: NtCreateFile's IoStatusBlock->Information, as the
   driver reported it. An open of a rename's target directory
   (SL_OPEN_TARGET_DIRECTORY) reports whether the last component exists. */
#define FILE_SUPERSEDED                 0x00000000
#define FILE_OPENED                     0x00000001
#define FILE_CREATED                    0x00000002
#define FILE_OVERWRITTEN                0x00000003
#define FILE_EXISTS                     0x00000004
#define FILE_DOES_NOT_EXIST             0x00000005

/* NT's LARGE_INTEGER, used here as its QuadPart: a 64-bit integer aligned
   to 8 in a structure, as NT's compiler lays it out (i386 gcc would align
   a plain LONG64 to 4, and FILE_BASIC_INFORMATION would lose 4 bytes). */
typedef LONG64 LARGE_INTEGER __attribute__((aligned(8)));

/* File information classes (NtQueryInformationFile, NtSetInformationFile). */
#define FileDirectoryInformation        1   /* NtQueryDirectoryFile only */
#define FileBasicInformation            4   /* query and set */
#define FileStandardInformation         5   /* query */
#define FileRenameInformation           10  /* set */
#define FileDispositionInformation      13  /* set */
#define FilePositionInformation         14  /* query and set */
#define FileEndOfFileInformation        20  /* set */

/* Volume information classes (NtQueryVolumeInformationFile). */
#define FileFsVolumeInformation         1
#define FileFsSizeInformation           3
#define FileFsDeviceInformation         4   /* answered by the I/O manager */
#define FileFsAttributeInformation      5

/* Times are 100 ns units since 1601-01-01 (NT's system time). In a set, a
   time of 0 and FileAttributes of 0 leave that field as it is. */
typedef struct _FILE_BASIC_INFORMATION {
    LARGE_INTEGER CreationTime;
    LARGE_INTEGER LastAccessTime;
    LARGE_INTEGER LastWriteTime;
    LARGE_INTEGER ChangeTime;
    ULONG FileAttributes;       /* FILE_ATTRIBUTE_* */
} FILE_BASIC_INFORMATION;

typedef struct _FILE_STANDARD_INFORMATION {
    LARGE_INTEGER AllocationSize;
    LARGE_INTEGER EndOfFile;
    ULONG NumberOfLinks;
    BOOLEAN DeletePending;
    BOOLEAN Directory;
} FILE_STANDARD_INFORMATION;

typedef struct _FILE_POSITION_INFORMATION {
    LARGE_INTEGER CurrentByteOffset;
} FILE_POSITION_INFORMATION;

/*
 * A rename. FileName is NT's full path of the new name ("\DosDevices\X:\DIR\NEW"),
 * which the I/O manager opens as the target directory and hands the driver
 * (Parameters.SetFile.FileObject), or a bare name, the new name in the
 * same directory. Names here are 8-bit, FileNameLength counts bytes (NT's
 * are UTF-16), as in FILE_DIRECTORY_INFORMATION. RootDirectory must be
 * NULL: irplab's names are absolute.
 */
typedef struct _FILE_RENAME_INFORMATION {
    BOOLEAN ReplaceIfExists;
    HANDLE RootDirectory;
    ULONG FileNameLength;
    CHAR FileName[1];
} FILE_RENAME_INFORMATION;

/* Delete the file when its last handle closes (TRUE), or no longer. */
typedef struct _FILE_DISPOSITION_INFORMATION {
    BOOLEAN DeleteFile;
} FILE_DISPOSITION_INFORMATION;

/* The new size: shorter cuts the file, longer extends it with zeros. */
typedef struct _FILE_END_OF_FILE_INFORMATION {
    LARGE_INTEGER EndOfFile;
} FILE_END_OF_FILE_INFORMATION;

/* One entry of NtQueryDirectoryFile's answer (8-bit names here). */
typedef struct _FILE_DIRECTORY_INFORMATION {
    ULONG NextEntryOffset;      /* 0 on the last entry */
    ULONG FileIndex;
    LONG64 EndOfFile;
    ULONG FileAttributes;
    ULONG FileNameLength;
    CHAR FileName[1];
} FILE_DIRECTORY_INFORMATION;

#define FILE_ATTRIBUTE_READONLY         0x00000001
#define FILE_ATTRIBUTE_HIDDEN           0x00000002
#define FILE_ATTRIBUTE_SYSTEM           0x00000004
#define FILE_ATTRIBUTE_DIRECTORY        0x00000010
#define FILE_ATTRIBUTE_ARCHIVE          0x00000020
#define FILE_ATTRIBUTE_NORMAL           0x00000080  /* in a set: clear them all */
#define FILE_ATTRIBUTE_TEMPORARY        0x00000100

/* The volume: a label of VolumeLabelLength bytes (8-bit here). A label
   that does not fit the caller's buffer is cut, with STATUS_BUFFER_OVERFLOW
   and the whole length in VolumeLabelLength. */
typedef struct _FILE_FS_VOLUME_INFORMATION {
    LARGE_INTEGER VolumeCreationTime;
    ULONG VolumeSerialNumber;
    ULONG VolumeLabelLength;
    BOOLEAN SupportsObjects;
    CHAR VolumeLabel[1];
} FILE_FS_VOLUME_INFORMATION;

typedef struct _FILE_FS_SIZE_INFORMATION {
    LARGE_INTEGER TotalAllocationUnits;
    LARGE_INTEGER AvailableAllocationUnits;
    ULONG SectorsPerAllocationUnit;
    ULONG BytesPerSector;
} FILE_FS_SIZE_INFORMATION;

/* The device the file was opened on: its type and characteristics. */
typedef struct _FILE_FS_DEVICE_INFORMATION {
    ULONG DeviceType;           /* FILE_DEVICE_* */
    ULONG Characteristics;      /* FILE_REMOTE_DEVICE, ... */
} FILE_FS_DEVICE_INFORMATION;

/* The file system: its name ("RAMFS", NetWare's "NWCOMPAT"), 8-bit here. */
typedef struct _FILE_FS_ATTRIBUTE_INFORMATION {
    ULONG FileSystemAttributes; /* FILE_CASE_* */
    LONG MaximumComponentNameLength;
    ULONG FileSystemNameLength;
    CHAR FileSystemName[1];
} FILE_FS_ATTRIBUTE_INFORMATION;

#define FILE_CASE_SENSITIVE_SEARCH      0x00000001
#define FILE_CASE_PRESERVED_NAMES       0x00000002

/* Device types and characteristics (FILE_FS_DEVICE_INFORMATION). */
#define FILE_DEVICE_DISK_FILE_SYSTEM    0x00000008
#define FILE_DEVICE_NETWORK             0x00000012
#define FILE_DEVICE_NETWORK_FILE_SYSTEM 0x00000014
#define FILE_DEVICE_NULL                0x00000015
#define FILE_DEVICE_CONSOLE             0x00000050
#define FILE_REMOVABLE_MEDIA            0x00000001
#define FILE_REMOTE_DEVICE              0x00000010

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
NTSTATUS NtSetInformationFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock,
                              PVOID FileInformation, ULONG Length, ULONG FileInformationClass);
NTSTATUS NtFlushBuffersFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock);

/*
 * Loading and unloading a driver (kernel/io/ntdriver.c). NT names a
 * driver by its service's registry key; irplab has no registry, so the
 * argument is the driver's object name ("\Driver\NwRdr"), looked up in
 * the boot driver table, which knows each driver's entry point. Both need
 * SeLoadDriverPrivilege, which only the SYSTEM logon session holds
 * (STATUS_PRIVILEGE_NOT_HELD, before the argument is read).
 *   NtLoadDriver    STATUS_OBJECT_NAME_NOT_FOUND for a name the table does
 *                   not have; STATUS_IMAGE_ALREADY_LOADED while a driver of
 *                   that name exists (also one whose unload is still
 *                   waiting for its devices); STATUS_NO_SUCH_DEVICE when
 *                   the driver it needs is not loaded, or its DriverEntry's
 *                   own failure.
 *   NtUnloadDriver  STATUS_SUCCESS when DriverUnload has run; STATUS_PENDING
 *                   (NT says STATUS_SUCCESS for both) when files or
 *                   attached devices still hold the driver's devices: it is
 *                   marked, its devices refuse new opens
 *                   (STATUS_NO_SUCH_DEVICE) and it unloads when the last
 *                   reference goes; STATUS_DELETE_PENDING when it was
 *                   marked already; STATUS_OBJECT_NAME_NOT_FOUND when it
 *                   is not loaded; STATUS_INVALID_DEVICE_REQUEST for a
 *                   driver that cannot unload.
 */
NTSTATUS NtLoadDriver(PCSTRING DriverName);
NTSTATUS NtUnloadDriver(PCSTRING DriverName);

#endif
