/*
 * volume.c - what a volume is, as kernel32 has it: GetDiskFreeSpaceA
 * (FileFsSizeInformation) and GetVolumeInformationA (FileFsVolumeInformation
 * and FileFsAttributeInformation), asked of the volume's root directory.
 *
 * Windows takes a NULL root to mean the current drive's; irplab's processes
 * have no current directory, so NULL is ERROR_INVALID_PARAMETER here.
 * GetVolumeInformationA wants the trailing backslash Windows wants
 * ("R:\", else ERROR_INVALID_NAME), and a buffer too small for a name is
 * ERROR_BAD_LENGTH. Every output is optional. Counts that pass 32 bits are
 * cut to 0xFFFFFFFF.
 *
 * Interface: see kernel32.h.
 */
#include <string.h>

#include "ntob.h"
#include "user/lib/kernel32.h"
#include "user/lib/winerror.h"

#define BASEP_NAME_ROOM 64      /* the longest label or file system name taken */

static VOID BasepPut(PDWORD Out, ULONG64 Value)
{
    if (Out != NULL)
        *Out = Value > 0xFFFFFFFFull ? 0xFFFFFFFFu : (DWORD)Value;
}

/* Opens a volume's root directory for its information. */
static NTSTATUS BasepOpenRoot(PCSTR RootPathName, PHANDLE Root)
{
    if (RootPathName == NULL)
        return STATUS_INVALID_PARAMETER;
    return BasepOpenFile(RootPathName, FILE_LIST_DIRECTORY | SYNCHRONIZE, FILE_OPEN,
                         FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT, Root, NULL);
}

BOOL GetDiskFreeSpaceA(PCSTR RootPathName, PDWORD SectorsPerCluster, PDWORD BytesPerSector,
                       PDWORD NumberOfFreeClusters, PDWORD TotalNumberOfClusters)
{
    FILE_FS_SIZE_INFORMATION size;
    IO_STATUS_BLOCK iosb;
    HANDLE root;
    NTSTATUS status = BasepOpenRoot(RootPathName, &root);

    if (NT_SUCCESS(status)) {
        status = NtQueryVolumeInformationFile(root, &iosb, &size, sizeof(size),
                                              FileFsSizeInformation);
        NtClose(root);
    }
    if (!NT_SUCCESS(status)) {
        BaseSetLastNtError(status);
        return FALSE;
    }
    BasepPut(SectorsPerCluster, size.SectorsPerAllocationUnit);
    BasepPut(BytesPerSector, size.BytesPerSector);
    BasepPut(NumberOfFreeClusters, (ULONG64)size.AvailableAllocationUnits);
    BasepPut(TotalNumberOfClusters, (ULONG64)size.TotalAllocationUnits);
    return TRUE;
}

/* Copies a counted name into Buffer, NUL-terminated; FALSE if it does not
   fit. A NULL Buffer wants nothing. */
static BOOLEAN BasepCopyName(PCHAR Buffer, DWORD Size, const CHAR *Name, ULONG Length)
{
    if (Buffer == NULL)
        return TRUE;
    if (Length + 1 > Size)
        return FALSE;
    memcpy(Buffer, Name, Length);
    Buffer[Length] = '\0';
    return TRUE;
}

static NTSTATUS BasepQueryVolume(HANDLE Root, PCHAR Label, DWORD LabelSize, PDWORD Serial)
{
    union { FILE_FS_VOLUME_INFORMATION Info; UCHAR Bytes[sizeof(FILE_FS_VOLUME_INFORMATION) +
                                                         BASEP_NAME_ROOM]; } u;
    IO_STATUS_BLOCK iosb;
    NTSTATUS status = NtQueryVolumeInformationFile(Root, &iosb, &u, sizeof(u),
                                                   FileFsVolumeInformation);

    if (!NT_SUCCESS(status))
        return status;
    BasepPut(Serial, u.Info.VolumeSerialNumber);
    return BasepCopyName(Label, LabelSize, u.Info.VolumeLabel, u.Info.VolumeLabelLength)
           ? STATUS_SUCCESS : STATUS_INFO_LENGTH_MISMATCH;
}

static NTSTATUS BasepQueryFileSystem(HANDLE Root, PDWORD MaximumComponentLength,
                                     PDWORD FileSystemFlags, PCHAR Name, DWORD NameSize)
{
    union { FILE_FS_ATTRIBUTE_INFORMATION Info; UCHAR Bytes[sizeof(FILE_FS_ATTRIBUTE_INFORMATION) +
                                                            BASEP_NAME_ROOM]; } u;
    IO_STATUS_BLOCK iosb;
    NTSTATUS status = NtQueryVolumeInformationFile(Root, &iosb, &u, sizeof(u),
                                                   FileFsAttributeInformation);

    if (!NT_SUCCESS(status))
        return status;
    BasepPut(MaximumComponentLength, (ULONG)u.Info.MaximumComponentNameLength);
    BasepPut(FileSystemFlags, u.Info.FileSystemAttributes);
    return BasepCopyName(Name, NameSize, u.Info.FileSystemName, u.Info.FileSystemNameLength)
           ? STATUS_SUCCESS : STATUS_INFO_LENGTH_MISMATCH;
}

BOOL GetVolumeInformationA(PCSTR RootPathName, PCHAR VolumeNameBuffer, DWORD VolumeNameSize,
                           PDWORD VolumeSerialNumber, PDWORD MaximumComponentLength,
                           PDWORD FileSystemFlags, PCHAR FileSystemNameBuffer,
                           DWORD FileSystemNameSize)
{
    HANDLE root;
    NTSTATUS status;

    if (RootPathName != NULL && (RootPathName[0] == '\0' ||
                                 RootPathName[strlen(RootPathName) - 1] != '\\')) {
        SetLastError(ERROR_INVALID_NAME);
        return FALSE;
    }
    status = BasepOpenRoot(RootPathName, &root);
    if (!NT_SUCCESS(status)) {
        BaseSetLastNtError(status);
        return FALSE;
    }
    status = BasepQueryVolume(root, VolumeNameBuffer, VolumeNameSize, VolumeSerialNumber);
    if (NT_SUCCESS(status))
        status = BasepQueryFileSystem(root, MaximumComponentLength, FileSystemFlags,
                                      FileSystemNameBuffer, FileSystemNameSize);
    NtClose(root);
    if (!NT_SUCCESS(status)) {
        BaseSetLastNtError(status);      /* a short buffer: ERROR_BAD_LENGTH */
        return FALSE;
    }
    return TRUE;
}
