/*
 * nwrset.c - changing a file through NWRDR: IRP_MJ_SET_INFORMATION and
 * IRP_MJ_FLUSH_BUFFERS, in the caller's thread. The I/O manager has checked
 * the class and the length and copied the caller's structure into
 * SystemBuffer.
 *
 *   FileEndOfFileInformation    a zero-length Write at the new size, which
 *                               is how NetWare clients cut or grow a file
 *   FileDispositionInformation  marks the file: at the last CLEANUP of its
 *                               opens it is erased (or the directory
 *                               removed) once their NCP handles are closed. The root cannot be
 *                               deleted, a read-only file neither
 *                               (STATUS_CANNOT_DELETE), a directory only
 *                               empty (STATUS_DIRECTORY_NOT_EMPTY, asked
 *                               when the delete is set)
 *   FileRenameInformation       NCP Rename within the tie's volume: to a
 *                               directory the I/O manager opened with
 *                               SL_OPEN_TARGET_DIRECTORY through NWRDR (on
 *                               the same volume, else STATUS_NOT_SAME_DEVICE)
 *                               or a bare name beside the file. An existing
 *                               target is erased first only with
 *                               ReplaceIfExists. Directories are not
 *                               renamed: NetWare 3.x's call for it is not
 *                               one this client speaks (STATUS_NOT_SUPPORTED)
 *   FileBasicInformation        nothing can be set (no NCP call for times
 *                               and attributes is spoken here): a request
 *                               that leaves everything as it is succeeds,
 *                               any other is STATUS_NOT_SUPPORTED
 *   FilePositionInformation     the file object's offset
 *   FLUSH_BUFFERS               NCP Commit File
 *
 * A delete is the FCB's: it happens when the last open of the path is
 * cleaned up (nwrcreate.c), and a rename moves the path every open of it
 * shares.
 *
 * Interface: NwrSetInformation, NwrFlush, NwrNcpPath.
 */
#include <stdio.h>
#include <string.h>
#include "drivers/nwrdr/nwrdrp.h"

#define NWR_NCP_PATH    (NWR_MAX_VOLUME + NWR_MAX_PATH + 2)

/* "VOLUME:PATH" of a path within the FCB's volume. */
VOID NwrNcpPath(const NWR_FCB *Fcb, PCSTR Path, PCHAR Out, ULONG Size)
{
    snprintf(Out, Size, "%s:%s", Fcb->Tie->Volume, Path);
}

static NTSTATUS NwrpSetEndOfFile(PNWR_CCB Ccb, const FILE_END_OF_FILE_INFORMATION *Info)
{
    PNWR_FCB Fcb = Ccb->Fcb;
    NTSTATUS status;

    if (Fcb->Kind != NwrFcbFile)
        return STATUS_INVALID_PARAMETER;
    if (Info->EndOfFile < 0 || Info->EndOfFile > 0xFFFFFFFFll)
        return STATUS_INVALID_PARAMETER;
    status = NcpSetFileSize(Fcb->Tie->Server->Ncp, Ccb->Handle, (ULONG)Info->EndOfFile);
    if (NT_SUCCESS(status))
        Fcb->Size = (ULONG)Info->EndOfFile;
    return status;
}

/* Does the directory hold anything? One entry of a search says. */
static NTSTATUS NwrpCheckEmpty(PNWR_FCB Fcb)
{
    CHAR path[NWR_NCP_PATH];
    NCP_SEARCH search;
    NCP_SEARCH_ENTRY entry;
    NTSTATUS status;
    UCHAR attributes[2] = { NCP_ATTR_HIDDEN | NCP_ATTR_SYSTEM,
                            NCP_ATTR_HIDDEN | NCP_ATTR_SYSTEM | NCP_ATTR_DIRECTORY };

    NwrNcpPath(Fcb, Fcb->Path, path, sizeof(path));
    for (ULONG i = 0; i < 2; i++) {
        status = NcpSearchInit(Fcb->Tie->Server->Ncp, 0, path, &search);
        if (NT_SUCCESS(status))
            status = NcpSearchNext(Fcb->Tie->Server->Ncp, &search, attributes[i], "*", &entry);
        if (NT_SUCCESS(status))
            return STATUS_DIRECTORY_NOT_EMPTY;
        if (status != STATUS_NO_MORE_FILES)
            return status;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS NwrpSetDisposition(PNWR_FCB Fcb, const FILE_DISPOSITION_INFORMATION *Info)
{
    NTSTATUS status = STATUS_SUCCESS;

    if (Info->DeleteFile && Fcb->Kind == NwrFcbDirectory && Fcb->Path[0] == '\0')
        return STATUS_CANNOT_DELETE;            /* the volume's root */
    if (Info->DeleteFile && Fcb->Kind == NwrFcbFile && (Fcb->Attributes & NCP_ATTR_READ_ONLY))
        return STATUS_CANNOT_DELETE;
    if (Info->DeleteFile && Fcb->Kind == NwrFcbDirectory)
        status = NwrpCheckEmpty(Fcb);
    if (NT_SUCCESS(status))
        Fcb->DeletePending = Info->DeleteFile;
    return status;
}

/* Where a rename goes: "VOLUME:DIR\NAME" in New. */
static NTSTATUS NwrpRenameTarget(PNWR_FCB Fcb, PIO_STACK_LOCATION Sp,
                                 const FILE_RENAME_INFORMATION *Info, PCHAR New, ULONG Size)
{
    PFILE_OBJECT target = Sp->Parameters.SetFile.FileObject;
    CHAR directory[NWR_MAX_PATH], name[NWR_MAX_PATH];
    PNWR_FCB to = target != NULL ? target->FsContext : NULL;
    PCSTR at = Info->FileName, slash = strrchr(Fcb->Path, '\\');
    ULONG length = Info->FileNameLength;

    if (target != NULL) {
        if (to == NULL || to->Tie == NULL || to->Tie->Server != Fcb->Tie->Server ||
            strcmp(to->Tie->Volume, Fcb->Tie->Volume) != 0)
            return STATUS_NOT_SAME_DEVICE;
        strcpy(directory, to->Path);
        at = target->FileName.Buffer;
        length = target->FileName.Length;
    } else {
        snprintf(directory, sizeof(directory), "%.*s",
                 slash != NULL ? (int)(slash - Fcb->Path) : 0, Fcb->Path);
        if (memchr(at, '\\', length) != NULL)
            return STATUS_OBJECT_NAME_INVALID;
    }
    if (length == 0 || length >= sizeof(name) || memchr(at, '\0', length) != NULL)
        return STATUS_OBJECT_NAME_INVALID;
    for (ULONG i = 0; i < length; i++)
        name[i] = (CHAR)RtlUpperChar(at[i]);
    name[length] = '\0';
    snprintf(New, Size, "%s:%s%s%s", Fcb->Tie->Volume, directory, directory[0] ? "\\" : "",
             name);
    return strlen(New) + 1 < Size ? STATUS_SUCCESS : STATUS_OBJECT_NAME_INVALID;
}

static NTSTATUS NwrpRename(PNWR_FCB Fcb, PIO_STACK_LOCATION Sp,
                           const FILE_RENAME_INFORMATION *Info)
{
    PNCP_CONNECTION c = Fcb->Tie->Server->Ncp;
    CHAR old[NWR_NCP_PATH], new[NWR_NCP_PATH];
    NTSTATUS status;

    if (Fcb->Kind != NwrFcbFile)
        return Fcb->Path[0] == '\0' ? STATUS_INVALID_PARAMETER : STATUS_NOT_SUPPORTED;
    status = NwrpRenameTarget(Fcb, Sp, Info, new, sizeof(new));
    if (!NT_SUCCESS(status))
        return status;
    NwrNcpPath(Fcb, Fcb->Path, old, sizeof(old));
    status = NcpRenameFile(c, 0, old, 0, new);
    if (status == STATUS_OBJECT_NAME_COLLISION && Sp->Parameters.SetFile.ReplaceIfExists) {
        status = NcpEraseFile(c, 0, new);
        if (NT_SUCCESS(status))
            status = NcpRenameFile(c, 0, old, 0, new);
    }
    if (NT_SUCCESS(status))
        strcpy(Fcb->Path, strchr(new, ':') + 1);
    return status;
}

/* Only a request that changes nothing: no call for times and attributes. */
static NTSTATUS NwrpSetBasic(const FILE_BASIC_INFORMATION *Info)
{
    if (Info->CreationTime == 0 && Info->LastAccessTime == 0 && Info->LastWriteTime == 0 &&
        Info->ChangeTime == 0 && Info->FileAttributes == 0)
        return STATUS_SUCCESS;
    return STATUS_NOT_SUPPORTED;
}

static NTSTATUS NwrpSet(PNWR_CCB Ccb, PIO_STACK_LOCATION Sp, PVOID Buffer)
{
    PNWR_FCB Fcb = Ccb->Fcb;
    const FILE_POSITION_INFORMATION *position = Buffer;

    switch (Sp->Parameters.SetFile.FileInformationClass) {
    case FileEndOfFileInformation:
        return NwrpSetEndOfFile(Ccb, Buffer);
    case FileDispositionInformation:
        return NwrpSetDisposition(Fcb, Buffer);
    case FileRenameInformation:
        return NwrpRename(Fcb, Sp, Buffer);
    case FileBasicInformation:
        return NwrpSetBasic(Buffer);
    case FilePositionInformation:
        if (position->CurrentByteOffset < 0)
            return STATUS_INVALID_PARAMETER;
        Sp->FileObject->CurrentByteOffset = position->CurrentByteOffset;
        return STATUS_SUCCESS;
    default:
        return STATUS_INVALID_INFO_CLASS;
    }
}

/* The checks every request on an open under a tie makes first. */
static NTSTATUS NwrpUsable(PNWR_FCB Fcb)
{
    if (Fcb == NULL || Fcb->Kind == NwrFcbDevice)
        return STATUS_INVALID_DEVICE_REQUEST;
    return NwrCheckOpen(Fcb);
}

NTSTATUS NwrSetInformation(PDEVICE_OBJECT Device, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PNWR_FCB fcb = sp->FileObject->FsContext;
    NTSTATUS status = NwrpUsable(fcb);

    if (NT_SUCCESS(status))
        status = NwrNetworkStatus(fcb->Tie->Server, NwrpSet(sp->FileObject->FsContext2, sp,
                                                            Irp->SystemBuffer));
    return NwrComplete(Irp, status, 0);
}

NTSTATUS NwrFlush(PDEVICE_OBJECT Device, PIRP Irp)
{
    PFILE_OBJECT file = IoGetCurrentIrpStackLocation(Irp)->FileObject;
    PNWR_FCB fcb = file->FsContext;
    PNWR_CCB ccb = file->FsContext2;
    NTSTATUS status = NwrpUsable(fcb);

    if (NT_SUCCESS(status) && fcb->Kind == NwrFcbFile)
        status = NwrNetworkStatus(fcb->Tie->Server,
                                  NcpCommitFile(fcb->Tie->Server->Ncp, ccb->Handle));
    return NwrComplete(Irp, status, 0);
}
