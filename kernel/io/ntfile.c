/*
 * ntfile.c - the native file calls. Each one turns a handle into a file
 * object, builds an IRP for the top of the file's device stack, sends it,
 * and - unless the caller passed an event to wait on itself - waits for the
 * completion APC to have run. Data moves through a buffer of the I/O
 * manager's (buffered I/O): the driver sees SystemBuffer, never the
 * caller's memory, and the completion copies the result back.
 *
 * The file object stays referenced for the IRP's life (IopCompleteRequest
 * drops it), as does the caller's event object.
 */
#include <string.h>
#include "io/io.h"
#include "ps/ps.h"
#include "ex/ex.h"
#include "trace/trace.h"

#define BUFFER_TAG POOL_TAG('I', 'o', 'B', 'f')

static NTSTATUS IopOpen(PHANDLE FileHandle, ACCESS_MASK DesiredAccess,
                        POBJECT_ATTRIBUTES ObjectAttributes, PIO_STATUS_BLOCK IoStatusBlock,
                        ULONG Disposition, ULONG Options)
{
    OPEN_PACKET open = { DesiredAccess, Disposition, Options };
    NTSTATUS status;

    if (ObjectAttributes == NULL || ObjectAttributes->ObjectName == NULL ||
        ObjectAttributes->RootDirectory != NULL)
        return STATUS_INVALID_PARAMETER;
    status = ObOpenObjectByNameInTable(PsGetCurrentHandleTable(), ObjectAttributes->ObjectName,
                                       NULL, DesiredAccess, &open, FileHandle);
    if (IoStatusBlock != NULL) {
        IoStatusBlock->Status = status;
        IoStatusBlock->Information = NT_SUCCESS(status) ? Disposition : 0;
    }
    return status;
}

NTSTATUS NtCreateFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess,
                      POBJECT_ATTRIBUTES ObjectAttributes, PIO_STATUS_BLOCK IoStatusBlock,
                      ULONG CreateDisposition, ULONG CreateOptions)
{
    return IopOpen(FileHandle, DesiredAccess, ObjectAttributes, IoStatusBlock, CreateDisposition,
                   CreateOptions);
}

NTSTATUS NtOpenFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess,
                    POBJECT_ATTRIBUTES ObjectAttributes, PIO_STATUS_BLOCK IoStatusBlock,
                    ULONG ShareAccess, ULONG OpenOptions)
{
    return IopOpen(FileHandle, DesiredAccess, ObjectAttributes, IoStatusBlock, FILE_OPEN,
                   OpenOptions);
}

/* What one call needs: the file, the IRP, where data goes in and out. */
typedef struct _IO_REQUEST {
    PFILE_OBJECT File;
    PKEVENT Event;              /* the caller's, referenced; NULL: synchronous */
    PIRP Irp;
    PIO_STACK_LOCATION Sp;
} IO_REQUEST;

static NTSTATUS IopBeginRequest(IO_REQUEST *r, HANDLE FileHandle, HANDLE Event, ACCESS_MASK Access,
                                UCHAR Major, PIO_STATUS_BLOCK Iosb)
{
    NTSTATUS status;
    PETHREAD t = PsGetCurrentThread();
    KIRQL irql;

    memset(r, 0, sizeof(*r));
    if (Iosb == NULL)
        return STATUS_ACCESS_VIOLATION;
    status = ObReferenceObjectByHandleInTable(PsGetCurrentHandleTable(), FileHandle, Access,
                                              IoFileObjectType, (PVOID *)&r->File, NULL);
    if (!NT_SUCCESS(status))
        return status;
    if (Event != NULL) {
        status = ExReferenceEventByHandle(Event, &r->Event);
        if (!NT_SUCCESS(status)) {
            ObDereferenceObject(r->File);
            return status;
        }
        KeClearEvent(r->Event);
    }
    r->Irp = IoAllocateIrp(IoGetRelatedDeviceObject(r->File)->StackSize, FALSE);
    if (r->Irp == NULL) {
        if (r->Event != NULL)
            ObDereferenceObject(r->Event);
        ObDereferenceObject(r->File);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeClearEvent(&r->File->Event);
    r->Irp->Tail.Thread = &t->Tcb;
    r->Irp->Tail.OriginalFileObject = r->File;
    r->Irp->UserIosb = Iosb;
    r->Irp->UserEvent = r->Event;
    if (r->Event != NULL)
        r->Irp->Flags |= IRP_EVENT_REFERENCED;
    r->Sp = IoGetNextIrpStackLocation(r->Irp);
    r->Sp->MajorFunction = Major;
    r->Sp->FileObject = r->File;
    KeAcquireSpinLock(&IopThreadIrpLock, &irql);
    InsertTailList(&t->IrpList, &r->Irp->ThreadListEntry);
    KeReleaseSpinLock(&IopThreadIrpLock, irql);
    return STATUS_SUCCESS;
}

/* Gives the IRP a buffer of ours: In bytes copied in; Out bytes to copy
   back to UserOut at completion. */
static NTSTATUS IopBufferRequest(IO_REQUEST *r, const VOID *In, ULONG InLength, PVOID UserOut,
                                 ULONG OutLength)
{
    ULONG size = InLength > OutLength ? InLength : OutLength;

    if (size == 0)
        return STATUS_SUCCESS;
    r->Irp->SystemBuffer = ExAllocatePoolWithTag(NonPagedPool, size, BUFFER_TAG);
    if (r->Irp->SystemBuffer == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    if (InLength != 0)
        memcpy(r->Irp->SystemBuffer, In, InLength);
    r->Irp->Flags |= IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER;
    if (UserOut != NULL && OutLength != 0) {
        r->Irp->Flags |= IRP_INPUT_OPERATION;
        r->Irp->UserBuffer = UserOut;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS IopAbandonRequest(IO_REQUEST *r, NTSTATUS Status);

/* IopBeginRequest and IopBufferRequest together; on failure nothing is
   left behind. */
static NTSTATUS IopPrepareRequest(IO_REQUEST *r, HANDLE FileHandle, HANDLE Event,
                                  ACCESS_MASK Access, UCHAR Major, PIO_STATUS_BLOCK Iosb,
                                  const VOID *In, ULONG InLength, PVOID Out, ULONG OutLength)
{
    NTSTATUS status = IopBeginRequest(r, FileHandle, Event, Access, Major, Iosb);

    if (!NT_SUCCESS(status))
        return status;
    status = IopBufferRequest(r, In, InLength, Out, OutLength);
    return NT_SUCCESS(status) ? status : IopAbandonRequest(r, status);
}

/* Undoes IopBeginRequest for an IRP that was never sent. */
static NTSTATUS IopAbandonRequest(IO_REQUEST *r, NTSTATUS Status)
{
    KIRQL irql;

    KeAcquireSpinLock(&IopThreadIrpLock, &irql);
    RemoveEntryList(&r->Irp->ThreadListEntry);
    KeReleaseSpinLock(&IopThreadIrpLock, irql);
    IoFreeIrp(r->Irp);
    if (r->Event != NULL)
        ObDereferenceObject(r->Event);
    ObDereferenceObject(r->File);
    return Status;
}

/* Sends the IRP. Without a caller's event, waits for the completion and
   returns the final status; with one, returns what the driver returned. */
static NTSTATUS IopSendRequest(IO_REQUEST *r, PIO_STATUS_BLOCK Iosb)
{
    PDEVICE_OBJECT top = IoGetRelatedDeviceObject(r->File);
    PFILE_OBJECT file = r->File;
    BOOLEAN synchronous = r->Event == NULL;
    NTSTATUS status;

    ObReferenceObject(file);            /* ours, for the wait below */
    TrLog(TR_IRP_ISSUE, r->Irp->Id, r->Sp->MajorFunction, file->Id);
    r->Irp->Flags |= IRP_DEFER_IO_COMPLETION;
    status = IoCallDriver(top, r->Irp);
    if (status != STATUS_PENDING)
        IopCompleteIrp(r->Irp);         /* completed without pending: no APC came */
    if (synchronous) {
        if (status == STATUS_PENDING)
            KeWaitForSingleObject(&file->Event, Executive, KernelMode, FALSE, NULL);
        status = Iosb->Status;
    }
    ObDereferenceObject(file);
    return status;
}

NTSTATUS NtReadFile(HANDLE FileHandle, HANDLE Event, PVOID ApcRoutine, PVOID ApcContext,
                    PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer, ULONG Length,
                    const LONG64 *ByteOffset, PULONG Key)
{
    IO_REQUEST r;
    NTSTATUS status = IopPrepareRequest(&r, FileHandle, Event, FILE_READ_DATA, IRP_MJ_READ,
                                        IoStatusBlock, NULL, 0, Buffer, Length);

    if (!NT_SUCCESS(status))
        return status;
    r.Sp->Parameters.Read.Length = Length;
    r.Sp->Parameters.Read.ByteOffset = ByteOffset ? *ByteOffset : r.File->CurrentByteOffset;
    return IopSendRequest(&r, IoStatusBlock);
}

NTSTATUS NtWriteFile(HANDLE FileHandle, HANDLE Event, PVOID ApcRoutine, PVOID ApcContext,
                     PIO_STATUS_BLOCK IoStatusBlock, const VOID *Buffer, ULONG Length,
                     const LONG64 *ByteOffset, PULONG Key)
{
    IO_REQUEST r;
    NTSTATUS status = IopPrepareRequest(&r, FileHandle, Event, FILE_WRITE_DATA, IRP_MJ_WRITE,
                                        IoStatusBlock, Buffer, Length, NULL, 0);

    if (!NT_SUCCESS(status))
        return status;
    r.Sp->Parameters.Write.Length = Length;
    r.Sp->Parameters.Write.ByteOffset = ByteOffset ? *ByteOffset : r.File->CurrentByteOffset;
    return IopSendRequest(&r, IoStatusBlock);
}

NTSTATUS NtQueryInformationFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock,
                                PVOID FileInformation, ULONG Length, ULONG FileInformationClass)
{
    IO_REQUEST r;
    NTSTATUS status = IopPrepareRequest(&r, FileHandle, NULL, 0, IRP_MJ_QUERY_INFORMATION,
                                        IoStatusBlock, NULL, 0, FileInformation, Length);

    if (!NT_SUCCESS(status))
        return status;
    r.Sp->Parameters.QueryFile.Length = Length;
    r.Sp->Parameters.QueryFile.FileInformationClass = FileInformationClass;
    return IopSendRequest(&r, IoStatusBlock);
}

NTSTATUS NtQueryVolumeInformationFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock,
                                      PVOID FsInformation, ULONG Length, ULONG FsInformationClass)
{
    IO_REQUEST r;
    NTSTATUS status = IopPrepareRequest(&r, FileHandle, NULL, 0, IRP_MJ_QUERY_VOLUME_INFORMATION,
                                        IoStatusBlock, NULL, 0, FsInformation, Length);

    if (!NT_SUCCESS(status))
        return status;
    r.Sp->Parameters.QueryVolume.Length = Length;
    r.Sp->Parameters.QueryVolume.FsInformationClass = FsInformationClass;
    return IopSendRequest(&r, IoStatusBlock);
}

NTSTATUS NtQueryDirectoryFile(HANDLE FileHandle, HANDLE Event, PVOID ApcRoutine, PVOID ApcContext,
                              PIO_STATUS_BLOCK IoStatusBlock, PVOID FileInformation, ULONG Length,
                              ULONG FileInformationClass, BOOLEAN ReturnSingleEntry,
                              PSTRING FileName, BOOLEAN RestartScan)
{
    IO_REQUEST r;
    NTSTATUS status = IopPrepareRequest(&r, FileHandle, Event, FILE_LIST_DIRECTORY,
                                        IRP_MJ_DIRECTORY_CONTROL, IoStatusBlock, NULL, 0,
                                        FileInformation, Length);

    if (!NT_SUCCESS(status))
        return status;
    r.Sp->Parameters.QueryDirectory.Length = Length;
    r.Sp->Parameters.QueryDirectory.FileName = FileName;
    r.Sp->Parameters.QueryDirectory.FileInformationClass = FileInformationClass;
    r.Sp->Parameters.QueryDirectory.FileIndex = RestartScan;
    r.Sp->Flags = ReturnSingleEntry;
    return IopSendRequest(&r, IoStatusBlock);
}

static NTSTATUS IopControl(UCHAR Major, HANDLE FileHandle, HANDLE Event,
                           PIO_STATUS_BLOCK IoStatusBlock, ULONG Code, PVOID In, ULONG InLength,
                           PVOID Out, ULONG OutLength)
{
    IO_REQUEST r;
    NTSTATUS status = IopPrepareRequest(&r, FileHandle, Event, 0, Major, IoStatusBlock, In,
                                        InLength, Out, OutLength);

    if (!NT_SUCCESS(status))
        return status;
    r.Sp->Parameters.DeviceIoControl.IoControlCode = Code;
    r.Sp->Parameters.DeviceIoControl.InputBufferLength = InLength;
    r.Sp->Parameters.DeviceIoControl.OutputBufferLength = OutLength;
    return IopSendRequest(&r, IoStatusBlock);
}

NTSTATUS NtFsControlFile(HANDLE FileHandle, HANDLE Event, PVOID ApcRoutine, PVOID ApcContext,
                         PIO_STATUS_BLOCK IoStatusBlock, ULONG FsControlCode, PVOID InputBuffer,
                         ULONG InputBufferLength, PVOID OutputBuffer, ULONG OutputBufferLength)
{
    return IopControl(IRP_MJ_FILE_SYSTEM_CONTROL, FileHandle, Event, IoStatusBlock, FsControlCode,
                      InputBuffer, InputBufferLength, OutputBuffer, OutputBufferLength);
}

NTSTATUS NtDeviceIoControlFile(HANDLE FileHandle, HANDLE Event, PVOID ApcRoutine,
                               PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock,
                               ULONG IoControlCode, PVOID InputBuffer, ULONG InputBufferLength,
                               PVOID OutputBuffer, ULONG OutputBufferLength)
{
    return IopControl(IRP_MJ_DEVICE_CONTROL, FileHandle, Event, IoStatusBlock, IoControlCode,
                      InputBuffer, InputBufferLength, OutputBuffer, OutputBufferLength);
}

NTSTATUS NtClose(HANDLE Handle)
{
    return ObCloseHandleInTable(PsGetCurrentHandleTable(), Handle);
}
