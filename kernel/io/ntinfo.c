/*
 * ntinfo.c - the native calls that ask about a file or its volume, or
 * change what a file is rather than what it holds: NtQueryInformationFile,
 * NtSetInformationFile, NtQueryVolumeInformationFile, NtFlushBuffersFile.
 *
 * Each checks the class against NT's table before anything else: a class
 * irplab does not know is STATUS_INVALID_INFO_CLASS, a buffer shorter than
 * the class's structure STATUS_INFO_LENGTH_MISMATCH, and the handle must
 * carry the right the class needs (STATUS_ACCESS_DENIED). Then the request
 * goes down as an IRP with a buffer of the I/O manager's (ntfile.c): a
 * set's structure is copied in, a query's copied back at completion.
 *
 * Three answers never reach a driver, as in NT: the position of a file
 * opened for synchronous I/O (FO_SYNCHRONOUS_IO: the I/O manager keeps
 * CurrentByteOffset, the driver moves it on), set and queried here; and
 * FileFsDeviceInformation, the type and characteristics of the device the
 * file was opened on.
 *
 * A rename to a full path opens the target's directory first, through the
 * same driver (an IRP_MJ_CREATE with SL_OPEN_TARGET_DIRECTORY, a kernel
 * handle); the driver gets that file object in Parameters.SetFile.FileObject
 * - with the new last component left in its FileName - and must be the
 * same device stack as the file (STATUS_NOT_SAME_DEVICE). The handle is
 * closed when the rename is done; until then the call waits in kernel mode,
 * so that an ending thread cannot leave the driver a target that is gone.
 *
 * Interface: NtQueryInformationFile, NtSetInformationFile,
 * NtQueryVolumeInformationFile, NtFlushBuffersFile (include/ntio.h).
 */
#include "io/io.h"
#include "ex/ex.h"

/* One information class: the least a buffer must hold, the right the
   handle needs. */
typedef struct _IOP_INFO_CLASS {
    ULONG Class;
    ULONG Length;
    ACCESS_MASK Access;
} IOP_INFO_CLASS;

static const IOP_INFO_CLASS IopQueryFileClasses[] = {
    { FileBasicInformation, sizeof(FILE_BASIC_INFORMATION), FILE_READ_ATTRIBUTES },
    { FileStandardInformation, sizeof(FILE_STANDARD_INFORMATION), 0 },
    { FilePositionInformation, sizeof(FILE_POSITION_INFORMATION), 0 },
};

static const IOP_INFO_CLASS IopSetFileClasses[] = {
    { FileBasicInformation, sizeof(FILE_BASIC_INFORMATION), FILE_WRITE_ATTRIBUTES },
    { FileRenameInformation, sizeof(FILE_RENAME_INFORMATION), DELETE },
    { FileDispositionInformation, sizeof(FILE_DISPOSITION_INFORMATION), DELETE },
    { FilePositionInformation, sizeof(FILE_POSITION_INFORMATION), 0 },
    { FileEndOfFileInformation, sizeof(FILE_END_OF_FILE_INFORMATION), FILE_WRITE_DATA },
};

static const IOP_INFO_CLASS IopQueryVolumeClasses[] = {
    { FileFsVolumeInformation, sizeof(FILE_FS_VOLUME_INFORMATION), 0 },
    { FileFsSizeInformation, sizeof(FILE_FS_SIZE_INFORMATION), 0 },
    { FileFsDeviceInformation, sizeof(FILE_FS_DEVICE_INFORMATION), 0 },
    { FileFsAttributeInformation, sizeof(FILE_FS_ATTRIBUTE_INFORMATION), 0 },
};

/* NT's sizes on x86: drivers and processes built elsewhere agree on them. */
_Static_assert(sizeof(FILE_BASIC_INFORMATION) == 40, "FILE_BASIC_INFORMATION");
_Static_assert(sizeof(FILE_STANDARD_INFORMATION) == 24, "FILE_STANDARD_INFORMATION");
_Static_assert(sizeof(FILE_RENAME_INFORMATION) == 16, "FILE_RENAME_INFORMATION");
_Static_assert(sizeof(FILE_FS_VOLUME_INFORMATION) == 24, "FILE_FS_VOLUME_INFORMATION");
_Static_assert(sizeof(FILE_FS_SIZE_INFORMATION) == 24, "FILE_FS_SIZE_INFORMATION");
_Static_assert(sizeof(FILE_FS_ATTRIBUTE_INFORMATION) == 16, "FILE_FS_ATTRIBUTE_INFORMATION");

static NTSTATUS IopCheckClass(const IOP_INFO_CLASS *Table, ULONG Count, ULONG Class,
                              ULONG Length, const IOP_INFO_CLASS **Found)
{
    for (ULONG i = 0; i < Count; i++) {
        if (Table[i].Class != Class)
            continue;
        *Found = &Table[i];
        return Length < Table[i].Length ? STATUS_INFO_LENGTH_MISMATCH : STATUS_SUCCESS;
    }
    return STATUS_INVALID_INFO_CLASS;
}

/* The end of a request the I/O manager answers itself: the prepared IRP
   is never sent; Length bytes of Data go to the caller's Out. */
static NTSTATUS IopAnswerRequest(IO_REQUEST *r, NTSTATUS Status, PVOID Out, const VOID *Data,
                                 ULONG Length)
{
    IO_STATUS_BLOCK iosb = { Status, 0 };
    PIO_STATUS_BLOCK user = r->Irp->UserIosb;
    KPROCESSOR_MODE mode = r->Mode;

    if (NT_SUCCESS(Status) && Length != 0) {
        iosb.Status = ExCopyToCaller(mode, Out, Data, Length);
        iosb.Information = NT_SUCCESS(iosb.Status) ? Length : 0;
    }
    IopAbandonRequest(r, iosb.Status);
    ExCopyToCaller(mode, user, &iosb, sizeof(iosb));
    return iosb.Status;
}

NTSTATUS NtQueryInformationFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock,
                                PVOID FileInformation, ULONG Length, ULONG FileInformationClass)
{
    const IOP_INFO_CLASS *c = NULL;
    IO_REQUEST r;
    NTSTATUS status = IopCheckClass(IopQueryFileClasses, ARRAYSIZE(IopQueryFileClasses),
                                    FileInformationClass, Length, &c);

    if (NT_SUCCESS(status))
        status = IopPrepareRequest(&r, FileHandle, NULL, c->Access, IRP_MJ_QUERY_INFORMATION,
                                   IoStatusBlock, NULL, 0, FileInformation, Length);
    if (!NT_SUCCESS(status))
        return status;
    if (FileInformationClass == FilePositionInformation && (r.File->Flags & FO_SYNCHRONOUS_IO)) {
        FILE_POSITION_INFORMATION position = { r.File->CurrentByteOffset };

        return IopAnswerRequest(&r, STATUS_SUCCESS, FileInformation, &position,
                                sizeof(position));
    }
    r.Sp->Parameters.QueryFile.Length = Length;
    r.Sp->Parameters.QueryFile.FileInformationClass = FileInformationClass;
    return IopSendRequest(&r);
}

/* A synchronous file's position is the I/O manager's. */
static NTSTATUS IopSetPosition(IO_REQUEST *r)
{
    const FILE_POSITION_INFORMATION *position = r->Irp->SystemBuffer;

    if (position->CurrentByteOffset < 0)
        return IopAnswerRequest(r, STATUS_INVALID_PARAMETER, NULL, NULL, 0);
    r->File->CurrentByteOffset = position->CurrentByteOffset;
    return IopAnswerRequest(r, STATUS_SUCCESS, NULL, NULL, 0);
}

/* Opens the directory a rename's full path names, through its driver;
   *Target is referenced and must be on the file's own device stack. */
static NTSTATUS IopOpenRenameTarget(IO_REQUEST *r, PHANDLE Handle, PFILE_OBJECT *Target)
{
    FILE_RENAME_INFORMATION *info = r->Irp->SystemBuffer;
    OPEN_PACKET open = { FILE_ADD_FILE | SYNCHRONIZE, FILE_OPEN, 0, SL_OPEN_TARGET_DIRECTORY, 0 };
    STRING name;
    NTSTATUS status;

    if (info->FileNameLength > EX_MAX_NAME)
        return STATUS_OBJECT_NAME_INVALID;
    name.Buffer = info->FileName;
    name.Length = name.MaximumLength = (USHORT)info->FileNameLength;
    status = ObOpenObjectByName(&name, IoFileObjectType, OBJ_KERNEL_HANDLE, open.DesiredAccess,
                                &open, Handle);
    if (!NT_SUCCESS(status))
        return status;
    status = ObReferenceObjectByHandle(*Handle, 0, IoFileObjectType, KernelMode,
                                       (PVOID *)Target, NULL);
    if (NT_SUCCESS(status) && IoGetRelatedDeviceObject(*Target) != IoGetRelatedDeviceObject(r->File)) {
        ObDereferenceObject(*Target);
        status = STATUS_NOT_SAME_DEVICE;
    }
    if (!NT_SUCCESS(status))
        ObCloseHandle(*Handle, KernelMode);
    return status;
}

/* FileRenameInformation: a bare name renames in place (no target file
   object); a full path goes through its target directory. */
static NTSTATUS IopRename(IO_REQUEST *r, ULONG Length)
{
    FILE_RENAME_INFORMATION *info = r->Irp->SystemBuffer;
    PFILE_OBJECT target = NULL;
    HANDLE handle = NULL;
    NTSTATUS status = STATUS_SUCCESS;

    if (info->RootDirectory != NULL || info->FileNameLength == 0 ||
        info->FileNameLength > Length - offsetof(FILE_RENAME_INFORMATION, FileName))
        return IopAbandonRequest(r, STATUS_INVALID_PARAMETER);
    if (info->FileName[0] == OBJ_NAME_PATH_SEPARATOR)
        status = IopOpenRenameTarget(r, &handle, &target);
    if (!NT_SUCCESS(status))
        return IopAbandonRequest(r, status);
    r->Sp->Parameters.SetFile.FileObject = target;
    r->Sp->Parameters.SetFile.ReplaceIfExists = info->ReplaceIfExists;
    if (target != NULL)
        r->WaitMode = KernelMode;
    status = IopSendRequest(r);
    if (target != NULL) {
        ObDereferenceObject(target);
        ObCloseHandle(handle, KernelMode);
    }
    return status;
}

NTSTATUS NtSetInformationFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock,
                              PVOID FileInformation, ULONG Length, ULONG FileInformationClass)
{
    const IOP_INFO_CLASS *c = NULL;
    IO_REQUEST r;
    NTSTATUS status = IopCheckClass(IopSetFileClasses, ARRAYSIZE(IopSetFileClasses),
                                    FileInformationClass, Length, &c);

    if (NT_SUCCESS(status))
        status = IopPrepareRequest(&r, FileHandle, NULL, c->Access, IRP_MJ_SET_INFORMATION,
                                   IoStatusBlock, FileInformation, Length, NULL, 0);
    if (!NT_SUCCESS(status))
        return status;
    r.Sp->Parameters.SetFile.Length = Length;
    r.Sp->Parameters.SetFile.FileInformationClass = FileInformationClass;
    switch (FileInformationClass) {
    case FilePositionInformation:
        if (r.File->Flags & FO_SYNCHRONOUS_IO)
            return IopSetPosition(&r);
        break;
    case FileDispositionInformation:
        r.Sp->Parameters.SetFile.DeleteHandle = FileHandle;
        break;
    case FileRenameInformation:
        return IopRename(&r, Length);
    }
    return IopSendRequest(&r);
}

NTSTATUS NtQueryVolumeInformationFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock,
                                      PVOID FsInformation, ULONG Length, ULONG FsInformationClass)
{
    const IOP_INFO_CLASS *c = NULL;
    IO_REQUEST r;
    NTSTATUS status = IopCheckClass(IopQueryVolumeClasses, ARRAYSIZE(IopQueryVolumeClasses),
                                    FsInformationClass, Length, &c);

    if (NT_SUCCESS(status))
        status = IopPrepareRequest(&r, FileHandle, NULL, c->Access,
                                   IRP_MJ_QUERY_VOLUME_INFORMATION, IoStatusBlock, NULL, 0,
                                   FsInformation, Length);
    if (!NT_SUCCESS(status))
        return status;
    if (FsInformationClass == FileFsDeviceInformation) {
        FILE_FS_DEVICE_INFORMATION device = { r.File->DeviceObject->DeviceType,
                                              r.File->DeviceObject->Characteristics };

        return IopAnswerRequest(&r, STATUS_SUCCESS, FsInformation, &device, sizeof(device));
    }
    r.Sp->Parameters.QueryVolume.Length = Length;
    r.Sp->Parameters.QueryVolume.FsInformationClass = FsInformationClass;
    return IopSendRequest(&r);
}

/* The handle must be able to write (FILE_WRITE_DATA or FILE_APPEND_DATA). */
NTSTATUS NtFlushBuffersFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock)
{
    IO_REQUEST r;
    NTSTATUS status = IopPrepareRequest(&r, FileHandle, NULL, 0, IRP_MJ_FLUSH_BUFFERS,
                                        IoStatusBlock, NULL, 0, NULL, 0);

    if (!NT_SUCCESS(status))
        return status;
    if (!(r.GrantedAccess & (FILE_WRITE_DATA | FILE_APPEND_DATA)))
        return IopAbandonRequest(&r, STATUS_ACCESS_DENIED);
    return IopSendRequest(&r);
}
