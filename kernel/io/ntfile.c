/*
 * ntfile.c - the native file calls. Each one captures what its caller
 * passes (ex/probe.c), turns a handle into a file object, builds an IRP
 * for the top of the file's device stack, sends it, and - unless the caller
 * passed an event to wait on itself - waits for the completion APC to have
 * run. Data moves through a buffer of the I/O manager's (buffered I/O): the
 * driver sees SystemBuffer, never the caller's memory; input is copied in
 * at the call, output copied back at completion, in the caller's context
 * (irp.c). The IRP remembers who asked (RequestorMode).
 *
 * The file object stays referenced for the IRP's life (IopCompleteRequest
 * drops it), as does the caller's event object. A synchronous call's wait
 * is in the caller's mode: a process's thread that is being ended leaves
 * it, and its exit cancels the IRP (IoCancelThreadIo).
 *
 * An open's IoStatusBlock->Information is what the driver said it did
 * (FILE_OPENED, FILE_CREATED, ...). A file opened FILE_SYNCHRONOUS_IO_*
 * is FO_SYNCHRONOUS_IO: a read or write without an offset uses its
 * CurrentByteOffset, which its driver moves on, as NT's file systems do.
 *
 * Interface: NtCreateFile, NtOpenFile, NtReadFile, NtWriteFile,
 * NtQueryDirectoryFile, NtFsControlFile, NtDeviceIoControlFile, NtClose;
 * for ntinfo.c, IopPrepareRequest, IopSendRequest, IopAbandonRequest.
 */
#include <string.h>
#include "io/io.h"
#include "ps/ps.h"
#include "ex/ex.h"
#include "trace/trace.h"

#define BUFFER_TAG POOL_TAG('I', 'o', 'B', 'f')
#define AUX_TAG    POOL_TAG('I', 'o', 'A', 'x')

/* NT's checks of an open's disposition and options, before anything is
   opened: a disposition past FILE_OVERWRITE_IF, options outside the 24
   bits the CREATE carries, a directory that is also not one, or one
   superseded or overwritten, are STATUS_INVALID_PARAMETER. */
static NTSTATUS IopCheckCreateParameters(ULONG Disposition, ULONG Options)
{
    if (Disposition > FILE_OVERWRITE_IF || (Options & ~0x00FFFFFFu) != 0)
        return STATUS_INVALID_PARAMETER;
    if ((Options & FILE_DIRECTORY_FILE) &&
        ((Options & FILE_NON_DIRECTORY_FILE) ||
         (Disposition != FILE_CREATE && Disposition != FILE_OPEN && Disposition != FILE_OPEN_IF)))
        return STATUS_INVALID_PARAMETER;
    return STATUS_SUCCESS;
}

static NTSTATUS IopOpen(PHANDLE FileHandle, ACCESS_MASK DesiredAccess,
                        POBJECT_ATTRIBUTES ObjectAttributes, PIO_STATUS_BLOCK IoStatusBlock,
                        ULONG Disposition, ULONG Options)
{
    KPROCESSOR_MODE mode = KeGetPreviousMode();
    OPEN_PACKET open = { DesiredAccess, Disposition, Options, 0, 0 };
    EX_CAPTURED_ATTRIBUTES captured;
    IO_STATUS_BLOCK iosb = { 0, 0 };
    POBJECT_ATTRIBUTES oa;
    HANDLE handle;
    NTSTATUS status = IopCheckCreateParameters(Disposition, Options);

    if (NT_SUCCESS(status))
        status = ExProbeForWrite(mode, FileHandle, sizeof(HANDLE), sizeof(ULONG));
    if (NT_SUCCESS(status) && IoStatusBlock != NULL)
        status = ExProbeForWrite(mode, IoStatusBlock, sizeof(iosb), sizeof(ULONG));
    if (NT_SUCCESS(status))
        status = ExCaptureObjectAttributes(mode, ObjectAttributes, &captured, &oa);
    if (!NT_SUCCESS(status))
        return status;
    if (oa == NULL || oa->ObjectName == NULL)
        status = STATUS_INVALID_PARAMETER;
    else
        status = ObOpenObjectByName(oa->ObjectName, NULL, oa->Attributes, DesiredAccess, &open,
                                    &handle);
    ExReleaseObjectAttributes(&captured);
    iosb.Status = status;
    iosb.Information = NT_SUCCESS(status) ? open.Information : 0;
    if (IoStatusBlock != NULL)
        ExCopyToCaller(mode, IoStatusBlock, &iosb, sizeof(iosb));
    return ExReturnHandle(mode, FileHandle, handle, status);
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

/* The file and the event the caller names, referenced. */
static NTSTATUS IopReferenceObjects(IO_REQUEST *r, HANDLE FileHandle, HANDLE Event,
                                    ACCESS_MASK Access)
{
    NTSTATUS status = ObReferenceObjectByHandle(FileHandle, Access, IoFileObjectType, r->Mode,
                                                (PVOID *)&r->File, &r->GrantedAccess);

    if (!NT_SUCCESS(status) || Event == NULL)
        return status;
    status = ObReferenceObjectByHandle(Event, EVENT_MODIFY_STATE, ExEventObjectType, r->Mode,
                                       (PVOID *)&r->Event, NULL);
    if (!NT_SUCCESS(status))
        ObDereferenceObject(r->File);
    return status;
}

static NTSTATUS IopBeginRequest(IO_REQUEST *r, HANDLE FileHandle, HANDLE Event, ACCESS_MASK Access,
                                UCHAR Major, PIO_STATUS_BLOCK Iosb)
{
    PETHREAD t = PsGetCurrentThread();
    NTSTATUS status;
    KIRQL irql;

    memset(r, 0, sizeof(*r));
    r->Mode = r->WaitMode = KeGetPreviousMode();
    if (Iosb == NULL)
        return STATUS_ACCESS_VIOLATION;
    status = ExProbeForWrite(r->Mode, Iosb, sizeof(*Iosb), sizeof(ULONG));
    if (NT_SUCCESS(status))
        status = IopReferenceObjects(r, FileHandle, Event, Access);
    if (!NT_SUCCESS(status))
        return status;
    if (r->Event != NULL)
        KeClearEvent(r->Event);
    r->Irp = IoAllocateIrp(IoGetRelatedDeviceObject(r->File)->StackSize, FALSE);
    if (r->Irp == NULL) {
        if (r->Event != NULL)
            ObDereferenceObject(r->Event);
        ObDereferenceObject(r->File);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeClearEvent(&r->File->Event);
    r->Irp->RequestorMode = r->Mode;
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
   back to UserOut at completion (probed now: the copy is then the APC's). */
static NTSTATUS IopBufferRequest(IO_REQUEST *r, const VOID *In, ULONG InLength, PVOID UserOut,
                                 ULONG OutLength)
{
    ULONG size = InLength > OutLength ? InLength : OutLength;
    NTSTATUS status = STATUS_SUCCESS;

    if (UserOut != NULL)
        status = ExProbeForWrite(r->Mode, UserOut, OutLength, 1);
    if (NT_SUCCESS(status) && r->Mode == UserMode && InLength != 0)
        status = ProbeForRead(In, InLength, 1);         /* before a buffer that big is made */
    if (!NT_SUCCESS(status) || size == 0)
        return status;
    r->Irp->SystemBuffer = ExAllocatePoolWithTag(NonPagedPool, size, BUFFER_TAG);
    if (r->Irp->SystemBuffer == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    r->Irp->Flags |= IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER;
    if (InLength != 0) {
        status = ExCopyFromCaller(r->Mode, r->Irp->SystemBuffer, In, InLength);
        if (!NT_SUCCESS(status))
            return status;
    }
    if (UserOut != NULL && OutLength != 0) {
        r->Irp->Flags |= IRP_INPUT_OPERATION;
        r->Irp->UserBuffer = UserOut;
    }
    return STATUS_SUCCESS;
}

/* IopBeginRequest and IopBufferRequest together; on failure nothing is
   left behind. */
NTSTATUS IopPrepareRequest(IO_REQUEST *r, HANDLE FileHandle, HANDLE Event, ACCESS_MASK Access,
                           UCHAR Major, PIO_STATUS_BLOCK Iosb, const VOID *In, ULONG InLength,
                           PVOID Out, ULONG OutLength)
{
    NTSTATUS status = IopBeginRequest(r, FileHandle, Event, Access, Major, Iosb);

    if (!NT_SUCCESS(status))
        return status;
    status = IopBufferRequest(r, In, InLength, Out, OutLength);
    return NT_SUCCESS(status) ? status : IopAbandonRequest(r, status);
}

/* Undoes IopBeginRequest for an IRP that was never sent. */
NTSTATUS IopAbandonRequest(IO_REQUEST *r, NTSTATUS Status)
{
    KIRQL irql;

    KeAcquireSpinLock(&IopThreadIrpLock, &irql);
    RemoveEntryList(&r->Irp->ThreadListEntry);
    KeReleaseSpinLock(&IopThreadIrpLock, irql);
    if (r->Irp->Flags & IRP_DEALLOCATE_BUFFER)
        ExFreePoolWithTag(r->Irp->SystemBuffer, BUFFER_TAG);
    if (r->Irp->AuxiliaryBuffer != NULL)
        ExFreePoolWithTag(r->Irp->AuxiliaryBuffer, AUX_TAG);
    IoFreeIrp(r->Irp);
    if (r->Event != NULL)
        ObDereferenceObject(r->Event);
    ObDereferenceObject(r->File);
    return Status;
}

/* Sends the IRP. Without a caller's event, waits for the completion (in
   WaitMode) and returns the final status; with one, returns what the
   driver returned. */
NTSTATUS IopSendRequest(IO_REQUEST *r)
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
    if (synchronous && status == STATUS_PENDING)
        status = KeWaitForSingleObject(&file->Event, Executive, r->WaitMode, FALSE, NULL);
    if (synchronous && status != STATUS_USER_APC)
        status = file->FinalStatus;
    ObDereferenceObject(file);
    return status;
}

/* The caller's byte offset, or the file's current one when it gave none. */
static NTSTATUS IopCaptureOffset(IO_REQUEST *r, const LONG64 *ByteOffset, LONG64 *Offset)
{
    *Offset = r->File->CurrentByteOffset;
    return ByteOffset != NULL ? ExCopyFromCaller(r->Mode, Offset, ByteOffset, sizeof(*Offset))
                              : STATUS_SUCCESS;
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
    status = IopCaptureOffset(&r, ByteOffset, &r.Sp->Parameters.Read.ByteOffset);
    if (!NT_SUCCESS(status))
        return IopAbandonRequest(&r, status);
    return IopSendRequest(&r);
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
    status = IopCaptureOffset(&r, ByteOffset, &r.Sp->Parameters.Write.ByteOffset);
    if (!NT_SUCCESS(status))
        return IopAbandonRequest(&r, status);
    return IopSendRequest(&r);
}

/* A copy of the caller's file name for the IRP's life: a STRING and its
   text in one block, the IRP's AuxiliaryBuffer. */
static NTSTATUS IopCaptureFileName(IO_REQUEST *r, PCSTRING FileName)
{
    STRING name;
    PSTRING copy;
    NTSTATUS status = ExCaptureString(r->Mode, FileName, EX_MAX_NAME, &name);

    if (!NT_SUCCESS(status))
        return status;
    copy = ExAllocatePoolWithTag(NonPagedPool, sizeof(*copy) + name.Length, AUX_TAG);
    if (copy != NULL) {
        copy->Length = copy->MaximumLength = name.Length;
        copy->Buffer = (PCHAR)(copy + 1);
        if (name.Length != 0)
            memcpy(copy->Buffer, name.Buffer, name.Length);
        r->Irp->AuxiliaryBuffer = copy;
    }
    ExReleaseString(&name);
    return copy != NULL ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
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
    if (FileName != NULL) {
        status = IopCaptureFileName(&r, FileName);
        if (!NT_SUCCESS(status))
            return IopAbandonRequest(&r, status);
    }
    r.Sp->Parameters.QueryDirectory.Length = Length;
    r.Sp->Parameters.QueryDirectory.FileName = r.Irp->AuxiliaryBuffer;
    r.Sp->Parameters.QueryDirectory.FileInformationClass = FileInformationClass;
    r.Sp->Parameters.QueryDirectory.FileIndex = RestartScan;
    r.Sp->Flags = ReturnSingleEntry;
    return IopSendRequest(&r);
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
    return IopSendRequest(&r);
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
    return ObCloseHandle(Handle, KeGetPreviousMode());
}
