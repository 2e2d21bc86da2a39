/*
 * file.c - device and file objects in the object manager's eyes.
 *
 * Opening a name that leads to a device (\Device\Null, or X:\PATH through
 * the \DosDevices link) ends in IopParseDevice: it makes a FILE_OBJECT for
 * the path left over, sends IRP_MJ_CREATE to the top of the device's stack
 * and, if the driver agrees, hands the file object back to become a handle.
 * Closing the last handle to a file sends IRP_MJ_CLEANUP; when the last
 * reference goes, IRP_MJ_CLOSE - then the file's reference on its device
 * drops, which may let a driver that is unloading finally unload.
 *
 * A device reached with nothing to open (a lookup of the device itself) is
 * returned as it is, as NT's parse routine does without an open packet.
 */
#include <string.h>
#include "io/io.h"
#include "ps/ps.h"
#include "trace/trace.h"

#define FILE_TAG    POOL_TAG('I', 'o', 'F', 'i')
#define NAME_TAG    POOL_TAG('I', 'o', 'N', 'm')

POBJECT_TYPE IoDeviceObjectType, IoFileObjectType;

PDEVICE_OBJECT IoGetRelatedDeviceObject(PFILE_OBJECT File)
{
    return IoGetAttachedDevice(File->DeviceObject);
}

/* The rights a CREATE asks of the driver, GENERIC_* mapped to the file
   type's own (as NT's IopParseDevice maps them): a driver tests
   FILE_WRITE_DATA, whatever the caller spelled. */
static ACCESS_MASK IopMapGenericAccess(ACCESS_MASK Access)
{
    const GENERIC_MAPPING *g = &IoFileObjectType->TypeInfo.GenericMapping;

    if (Access & GENERIC_READ)
        Access |= g->GenericRead;
    if (Access & GENERIC_WRITE)
        Access |= g->GenericWrite;
    if (Access & GENERIC_EXECUTE)
        Access |= g->GenericExecute;
    if (Access & GENERIC_ALL)
        Access |= g->GenericAll;
    return Access & ~(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL);
}

/* Sends one of the I/O manager's own requests about File and waits. */
static NTSTATUS IopFileRequest(PFILE_OBJECT File, UCHAR Major, OPEN_PACKET *Open)
{
    PDEVICE_OBJECT top = IoGetRelatedDeviceObject(File);
    IO_STATUS_BLOCK iosb;
    KEVENT event;
    PIRP irp = IopBuildIrp(top, File, Major, &event, &iosb);
    PIO_STACK_LOCATION sp;
    NTSTATUS status;

    if (irp == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    sp = IoGetNextIrpStackLocation(irp);
    if (Open != NULL) {
        sp->Parameters.Create.DesiredAccess = IopMapGenericAccess(Open->DesiredAccess);
        sp->Parameters.Create.Options = (Open->Disposition << 24) | (Open->Options & 0xFFFFFF);
        sp->Flags = Open->Flags;
    }
    TrLog(TR_IRP_ISSUE, irp->Id, Major, File->Id);
    iosb.Information = 0;
    status = IopSynchronousCall(top, irp, &event, &iosb);
    if (Open != NULL)
        Open->Information = iosb.Information;
    return status;
}

static NTSTATUS IopMakeFileObject(PDEVICE_OBJECT Device, PCSTRING Path, PFILE_OBJECT *File)
{
    PFILE_OBJECT f;
    NTSTATUS status = ObCreateObject(IoFileObjectType, 0, sizeof(*f), (PVOID *)&f);

    if (!NT_SUCCESS(status))
        return status;
    /* the device first: IopDeleteFile, which a failure below runs, lets go of it */
    f->DeviceObject = Device;
    IopReferenceDevice(Device);
    f->OwningProcess = PsGetCurrentProcess();
    f->Id = ++IopSerialIds.File;
    KeInitializeEvent(&f->Event, NotificationEvent, FALSE);
    if (Path->Length != 0) {
        f->FileName.Buffer = ExAllocatePoolWithTag(NonPagedPool, Path->Length, NAME_TAG);
        if (f->FileName.Buffer == NULL) {
            ObDereferenceObject(f);
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        memcpy(f->FileName.Buffer, Path->Buffer, Path->Length);
        f->FileName.Length = f->FileName.MaximumLength = Path->Length;
    }
    *File = f;
    return STATUS_SUCCESS;
}

static NTSTATUS IopParseDevice(PVOID ParseObject, POBJECT_TYPE ObjectType, ACCESS_MASK DesiredAccess,
                               PVOID ParseContext, PSTRING RemainingName, PVOID *Object)
{
    PDEVICE_OBJECT device = ParseObject;
    OPEN_PACKET *open = ParseContext;
    PFILE_OBJECT file;
    NTSTATUS status;

    if (open == NULL) {
        if (RemainingName->Length != 0 || (ObjectType && ObjectType != IoDeviceObjectType))
            return STATUS_OBJECT_TYPE_MISMATCH;
        ObReferenceObject(device);
        *Object = device;
        return STATUS_SUCCESS;
    }
    if (device->DriverObject->Flags & DRVO_UNLOADING)
        return STATUS_NO_SUCH_DEVICE;
    status = IopMakeFileObject(device, RemainingName, &file);
    if (!NT_SUCCESS(status))
        return status;
    if (open->Options & (FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT))
        file->Flags |= FO_SYNCHRONOUS_IO;
    status = IopFileRequest(file, IRP_MJ_CREATE, open);
    if (!NT_SUCCESS(status)) {
        ObDereferenceObject(file);
        return status;
    }
    file->Flags |= FO_CREATED;
    *Object = file;
    return STATUS_SUCCESS;
}

/* A handle to File was closed; HandleCount is the count before it. */
static VOID IopCloseFile(PHANDLE_TABLE Table, PVOID Object, ACCESS_MASK GrantedAccess,
                         ULONG HandleCount)
{
    PFILE_OBJECT file = Object;

    if (HandleCount != 1 || !(file->Flags & FO_CREATED))
        return;
    IopFileRequest(file, IRP_MJ_CLEANUP, NULL);
    file->Flags |= FO_CLEANUP_COMPLETE;
}

static VOID IopDeleteFile(PVOID Object)
{
    PFILE_OBJECT file = Object;

    if (file->Flags & FO_CREATED)
        IopFileRequest(file, IRP_MJ_CLOSE, NULL);
    if (file->FileName.Buffer != NULL)
        ExFreePoolWithTag(file->FileName.Buffer, NAME_TAG);
    IopDereferenceDevice(file->DeviceObject);
}

static VOID IopCreateType(PCSTR Name, ULONG Tag, OB_DELETE_METHOD Delete, OB_CLOSE_METHOD Close,
                          OB_PARSE_METHOD Parse, POBJECT_TYPE *Type)
{
    OBJECT_TYPE_INITIALIZER init;

    memset(&init, 0, sizeof(init));
    init.PoolTag = Tag;
    init.GenericMapping.GenericRead = FILE_GENERIC_READ;
    init.GenericMapping.GenericWrite = FILE_GENERIC_WRITE;
    init.GenericMapping.GenericExecute = FILE_GENERIC_EXECUTE;
    init.GenericMapping.GenericAll = FILE_ALL_ACCESS;
    init.ValidAccessMask = FILE_ALL_ACCESS;
    init.DeleteProcedure = Delete;
    init.CloseProcedure = Close;
    init.ParseProcedure = Parse;
    if (!NT_SUCCESS(ObCreateObjectType(Name, &init, Type)))
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, 0x11, 0, 0, 0);
}

VOID IoInitSystem(VOID)
{
    IopCreateType("Device", POOL_TAG('I', 'o', 'D', 'v'), NULL, NULL, IopParseDevice,
                  &IoDeviceObjectType);
    IopCreateType("File", FILE_TAG, IopDeleteFile, IopCloseFile, NULL, &IoFileObjectType);
    IopInitializeDriverType();
    IopInitializeIrpLookaside();
}
