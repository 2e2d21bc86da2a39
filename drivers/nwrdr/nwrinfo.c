/*
 * nwrinfo.c - what NWRDR answers about a file, a volume and a directory:
 * IRP_MJ_QUERY_INFORMATION, IRP_MJ_QUERY_VOLUME_INFORMATION and
 * IRP_MJ_DIRECTORY_CONTROL, in the caller's thread.
 *
 * A file's size, attributes and dates are what NCP said at the open, grown
 * by this open's writes (NetWare's DOS dates and times become NT times; a
 * directory has none here). The volume's size is NCP Get Volume Info; its
 * label is the volume's name, its serial its number on the server, its
 * file system "NWCOMPAT" with 8.3 upper-case names. A directory listing is
 * NCP's File Search: the files of the directory, then its subdirectories
 * (NetWare searches them apart), filtered by the caller's pattern on the
 * server, NetWare's wildcards.
 *
 * Interface: NwrQueryInformation, NwrQueryVolume, NwrDirectoryControl.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "drivers/nwrdr/nwrdrp.h"

#define NWR_SEARCH_ALL      (NCP_ATTR_HIDDEN | NCP_ATTR_SYSTEM)

static VOID NwrpBasic(const NWR_FCB *Fcb, FILE_BASIC_INFORMATION *Info)
{
    memset(Info, 0, sizeof(*Info));
    if (Fcb->Kind == NwrFcbDirectory) {
        Info->FileAttributes = FILE_ATTRIBUTE_DIRECTORY;
        return;
    }
    NwrMapTimes(Fcb->CreationDate, 0, &Info->CreationTime);
    NwrMapTimes(Fcb->AccessDate, 0, &Info->LastAccessTime);
    NwrMapTimes(Fcb->UpdateDate, Fcb->UpdateTime, &Info->LastWriteTime);
    Info->ChangeTime = Info->LastWriteTime;
    Info->FileAttributes = Fcb->Attributes & (NCP_ATTR_READ_ONLY | NCP_ATTR_HIDDEN |
                                              NCP_ATTR_SYSTEM | NCP_ATTR_ARCHIVE);
    if (Info->FileAttributes == 0)
        Info->FileAttributes = FILE_ATTRIBUTE_NORMAL;
}

NTSTATUS NwrQueryInformation(PDEVICE_OBJECT Device, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PNWR_FCB fcb = sp->FileObject->FsContext;
    ULONG length = sp->Parameters.QueryFile.Length;

    if (fcb == NULL || fcb->Kind == NwrFcbDevice)
        return NwrComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    switch (sp->Parameters.QueryFile.FileInformationClass) {
    case FileBasicInformation: {
        FILE_BASIC_INFORMATION *info = Irp->SystemBuffer;
        if (length < sizeof(*info))
            return NwrComplete(Irp, STATUS_INFO_LENGTH_MISMATCH, 0);
        NwrpBasic(fcb, info);
        return NwrComplete(Irp, STATUS_SUCCESS, sizeof(*info));
    }
    case FileStandardInformation: {
        FILE_STANDARD_INFORMATION *info = Irp->SystemBuffer;
        if (length < sizeof(*info))
            return NwrComplete(Irp, STATUS_INFO_LENGTH_MISMATCH, 0);
        memset(info, 0, sizeof(*info));
        info->EndOfFile = fcb->Size;
        info->AllocationSize = (fcb->Size + 4095) & ~4095ull;
        info->NumberOfLinks = 1;
        info->Directory = fcb->Kind == NwrFcbDirectory;
        return NwrComplete(Irp, STATUS_SUCCESS, sizeof(*info));
    }
    case FilePositionInformation:
        if (length < sizeof(LONG64))
            return NwrComplete(Irp, STATUS_INFO_LENGTH_MISMATCH, 0);
        *(LONG64 *)Irp->SystemBuffer = sp->FileObject->CurrentByteOffset;
        return NwrComplete(Irp, STATUS_SUCCESS, sizeof(LONG64));
    default:
        return NwrComplete(Irp, STATUS_INVALID_INFO_CLASS, 0);
    }
}

#define NWR_FS_NAME "NWCOMPAT"

static NTSTATUS NwrpQueryVolume(PNWR_FCB Fcb, PIO_STACK_LOCATION Sp, PVOID Buffer, PULONG Used)
{
    ULONG length = Sp->Parameters.QueryVolume.Length;
    NCP_VOLUME_INFO volume;
    NTSTATUS status;

    switch (Sp->Parameters.QueryVolume.FsInformationClass) {
    case FileFsSizeInformation: {
        FILE_FS_SIZE_INFORMATION *size = Buffer;
        status = NcpGetVolumeInfo(Fcb->Tie->Server->Ncp, Fcb->Tie->VolumeNumber, &volume);
        if (!NT_SUCCESS(status))
            return status;
        size->TotalAllocationUnits = volume.TotalClusters;
        size->AvailableAllocationUnits = volume.FreeClusters;
        size->SectorsPerAllocationUnit = volume.SectorsPerCluster;
        size->BytesPerSector = 512;
        *Used = sizeof(*size);
        return STATUS_SUCCESS;
    }
    case FileFsVolumeInformation: {
        FILE_FS_VOLUME_INFORMATION *info = Buffer;
        ULONG fixed = offsetof(FILE_FS_VOLUME_INFORMATION, VolumeLabel);
        memset(info, 0, fixed);
        info->VolumeSerialNumber = Fcb->Tie->VolumeNumber;
        return NwrPutName(info->VolumeLabel, length, Fcb->Tie->Volume, &info->VolumeLabelLength,
                           Used, fixed);
    }
    case FileFsAttributeInformation: {
        FILE_FS_ATTRIBUTE_INFORMATION *info = Buffer;
        ULONG fixed = offsetof(FILE_FS_ATTRIBUTE_INFORMATION, FileSystemName);
        info->FileSystemAttributes = 0;     /* names upper-cased, case-blind */
        info->MaximumComponentNameLength = 12;
        return NwrPutName(info->FileSystemName, length, NWR_FS_NAME,
                           &info->FileSystemNameLength, Used, fixed);
    }
    default:
        return STATUS_INVALID_INFO_CLASS;
    }
}

NTSTATUS NwrQueryVolume(PDEVICE_OBJECT Device, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PNWR_FCB fcb = sp->FileObject->FsContext;
    ULONG used = 0;
    NTSTATUS status;

    if (fcb == NULL || fcb->Kind == NwrFcbDevice)
        return NwrComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    status = NwrCheckOpen(fcb);
    if (!NT_SUCCESS(status))
        return NwrComplete(Irp, status, 0);
    status = NwrNetworkStatus(fcb->Tie->Server, NwrpQueryVolume(fcb, sp, Irp->SystemBuffer,
                                                                &used));
    return NwrComplete(Irp, status,
                       NT_SUCCESS(status) || status == STATUS_BUFFER_OVERFLOW ? used : 0);
}

/* ---------------------------------------------------------- the listing */

/* Starts (or restarts) a listing of the directory with Pattern. */
static NTSTATUS NwrpStartSearch(PNWR_CCB Ccb, const STRING *Pattern)
{
    ULONG n = Pattern != NULL && Pattern->Length > 0 ? Pattern->Length : 1, i;

    if (n >= sizeof(Ccb->Pattern))
        return STATUS_OBJECT_NAME_INVALID;
    for (i = 0; i < n; i++)
        Ccb->Pattern[i] = Pattern != NULL && Pattern->Length > 0 ? RtlUpperChar(Pattern->Buffer[i])
                                                                 : '*';
    Ccb->Pattern[n] = '\0';
    Ccb->Searching = TRUE;
    Ccb->SearchPass = 0;
    Ccb->ListIndex = 0;
    Ccb->Held = FALSE;
    return STATUS_SUCCESS;
}

/* The next entry of the listing; STATUS_NO_MORE_FILES at its end. */
static NTSTATUS NwrpNextEntry(PNWR_CCB Ccb, PNCP_SEARCH_ENTRY Entry)
{
    PNCP_CONNECTION c = Ccb->Fcb->Tie->Server->Ncp;
    CHAR path[NWR_MAX_VOLUME + NWR_MAX_PATH + 2];
    NTSTATUS status;

    if (Ccb->Held) {
        *Entry = Ccb->HeldEntry;
        Ccb->Held = FALSE;
        return STATUS_SUCCESS;
    }
    while (Ccb->SearchPass < 2) {
        if (Ccb->ListIndex == 0) {
            NwrNcpPath(Ccb->Fcb, Ccb->Fcb->Path, path, sizeof(path));
            status = NcpSearchInit(c, 0, path, &Ccb->Search);
            if (!NT_SUCCESS(status))
                return status;
        }
        status = NcpSearchNext(c, &Ccb->Search,
                               Ccb->SearchPass == 0 ? NWR_SEARCH_ALL
                                                    : NWR_SEARCH_ALL | NCP_ATTR_DIRECTORY,
                               Ccb->Pattern, Entry);
        if (status != STATUS_NO_MORE_FILES) {
            Ccb->ListIndex++;
            return status;
        }
        Ccb->SearchPass++;
        Ccb->ListIndex = 0;
    }
    return STATUS_NO_MORE_FILES;
}

static NTSTATUS NwrpList(PNWR_CCB Ccb, PIO_STACK_LOCATION Sp, PVOID Buffer, PULONG Used)
{
    ULONG last = 0;
    NCP_SEARCH_ENTRY e;
    NTSTATUS status = STATUS_SUCCESS;

    *Used = 0;
    if (!Ccb->Searching || Sp->Parameters.QueryDirectory.FileIndex)
        status = NwrpStartSearch(Ccb, Sp->Parameters.QueryDirectory.FileName);
    while (NT_SUCCESS(status)) {
        status = NwrpNextEntry(Ccb, &e);
        if (!NT_SUCCESS(status))
            break;
        if (!NwrPackEntry(Buffer, Sp->Parameters.QueryDirectory.Length, Used, &last, &e,
                           Ccb->SearchPass * 0x10000 + Ccb->ListIndex)) {
            Ccb->HeldEntry = e;
            Ccb->Held = TRUE;
            break;
        }
        if (Sp->Flags)                  /* ReturnSingleEntry */
            break;
    }
    if (*Used > 0)
        return STATUS_SUCCESS;
    return status == STATUS_SUCCESS ? STATUS_BUFFER_TOO_SMALL : status;
}

NTSTATUS NwrDirectoryControl(PDEVICE_OBJECT Device, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PNWR_FCB fcb = sp->FileObject->FsContext;
    ULONG used;
    NTSTATUS status;

    if (fcb == NULL || fcb->Kind != NwrFcbDirectory)
        return NwrComplete(Irp, STATUS_INVALID_PARAMETER, 0);
    if (sp->Parameters.QueryDirectory.FileInformationClass != FileDirectoryInformation)
        return NwrComplete(Irp, STATUS_INVALID_INFO_CLASS, 0);
    status = NwrCheckOpen(fcb);
    if (NT_SUCCESS(status))
        status = NwrNetworkStatus(fcb->Tie->Server, NwrpList(sp->FileObject->FsContext2, sp,
                                                             Irp->SystemBuffer, &used));
    return NwrComplete(Irp, status,
                       NT_SUCCESS(status) || status == STATUS_BUFFER_OVERFLOW ? used : 0);
}
