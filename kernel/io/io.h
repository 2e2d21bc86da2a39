/*
 * io.h - the I/O manager: drivers, devices, file objects and IRPs.
 *
 * Interface:
 *   irp.c      IoAllocateIrp, IoFreeIrp, IoCallDriver, IoCompleteRequest,
 *              IoSetCompletionRoutine, IoMarkIrpPending, stack location helpers
 *   cancel.c   IoCancelIrp, IoSetCancelRoutine, IoAcquire/ReleaseCancelSpinLock,
 *              IoCancelThreadIo
 *   driver.c   IoInitSystem, IoLoadDriver, IoUnloadDriver, IoCreateDevice,
 *              IoDeleteDevice, IoAttachDeviceToDeviceStack, IoDetachDevice,
 *              IoGetAttachedDevice
 *   file.c     the File and Device object types: IopParseDevice (an open by
 *              name becomes IRP_MJ_CREATE), CLEANUP at the last handle,
 *              CLOSE when the file object goes
 *   verifier.c the IRP verifier: its bugchecks, the per-device IRP log, the
 *              IRPs alive (counted for the leak audit, listed by IoQueryIrps)
 *   ntfile.c   the native file calls: NtCreateFile, NtReadFile, ...; the
 *              request helpers the others share (IopPrepareRequest, ...)
 *   ntinfo.c   the information calls: NtQuery/SetInformationFile,
 *              NtQueryVolumeInformationFile, NtFlushBuffersFile
 *   bootdrv.c  IoLoadBootDrivers: the built-in drivers, in boot order;
 *              IopLoadBootDriver, IopUnloadBootDriver: one of them by name
 *   ntdriver.c NtLoadDriver, NtUnloadDriver
 *
 * Who owns an IRP: the thread that issues it until IoCallDriver; then the
 * driver it was sent to, until that driver calls IoCompleteRequest or passes
 * it down; a completion routine that returns STATUS_MORE_PROCESSING_REQUIRED
 * takes it back. After the last completion routine, a special kernel APC in
 * the issuing thread (Tail.Overlay.Thread) copies the status out, signals
 * the event and frees the IRP.
 */
#ifndef IO_H
#define IO_H

#include "ntdef.h"
#include "obtypes.h"
#include "ntio.h"
#include "ntsysinfo.h"
#include "ke/ke.h"
#include "ob/ob.h"

/* Major functions. */
#define IRP_MJ_CREATE                   0x00
#define IRP_MJ_CLOSE                    0x02
#define IRP_MJ_READ                     0x03
#define IRP_MJ_WRITE                    0x04
#define IRP_MJ_QUERY_INFORMATION        0x05
#define IRP_MJ_SET_INFORMATION          0x06
#define IRP_MJ_FLUSH_BUFFERS            0x09
#define IRP_MJ_QUERY_VOLUME_INFORMATION 0x0A
#define IRP_MJ_DIRECTORY_CONTROL        0x0C
#define IRP_MJ_FILE_SYSTEM_CONTROL      0x0D
#define IRP_MJ_DEVICE_CONTROL           0x0E
#define IRP_MJ_CLEANUP                  0x12
#define IRP_MJ_MAXIMUM_FUNCTION         0x1B

/* IO_STACK_LOCATION.Flags of an IRP_MJ_CREATE */
#define SL_OPEN_TARGET_DIRECTORY 0x04   /* open the parent of the name: a rename's target */

/* IO_STACK_LOCATION.Control */
#define SL_PENDING_RETURNED     0x01
#define SL_VERIFIER_PENDED      0x10    /* irplab's verifier: its dispatch returned
                                           STATUS_PENDING before the IRP completed past it */
#define SL_INVOKE_ON_CANCEL     0x20
#define SL_INVOKE_ON_SUCCESS    0x40
#define SL_INVOKE_ON_ERROR      0x80

#define STATUS_MORE_PROCESSING_REQUIRED ((NTSTATUS)0xC0000016)

/* Device types and characteristics: include/ntio.h (FILE_FS_DEVICE_INFORMATION). */

struct _IRP;
struct _DEVICE_OBJECT;
struct _DRIVER_OBJECT;

typedef NTSTATUS (*PDRIVER_DISPATCH)(struct _DEVICE_OBJECT *DeviceObject, struct _IRP *Irp);
typedef NTSTATUS (*PIO_COMPLETION_ROUTINE)(struct _DEVICE_OBJECT *DeviceObject,
                                          struct _IRP *Irp, PVOID Context);
typedef VOID (*PDRIVER_CANCEL)(struct _DEVICE_OBJECT *DeviceObject, struct _IRP *Irp);
typedef VOID (*PDRIVER_UNLOAD)(struct _DRIVER_OBJECT *DriverObject);
typedef NTSTATUS (*PDRIVER_INITIALIZE)(struct _DRIVER_OBJECT *DriverObject);

typedef struct _FILE_OBJECT {
    struct _DEVICE_OBJECT *DeviceObject;    /* the device the open was sent to */
    PVOID FsContext;                        /* the driver's per-file state */
    PVOID FsContext2;                       /* the driver's per-open state */
    PVOID OwningProcess;                    /* EPROCESS that opened it */
    STRING FileName;                        /* the path below the device */
    LONG64 CurrentByteOffset;
    ULONG Flags;                            /* FO_* */
    ULONG Id;                               /* serial, for the trace */
    KEVENT Event;                           /* completion of a request without an event */
    NTSTATUS FinalStatus;                   /* that request's status, for its waiter */
} FILE_OBJECT, *PFILE_OBJECT;

#define FO_SYNCHRONOUS_IO   0x00000002u     /* opened FILE_SYNCHRONOUS_IO_*: CurrentByteOffset
                                               is its position (set and told by the I/O
                                               manager, moved on by the driver) */
#define FO_CLEANUP_COMPLETE 0x00004000u
#define FO_CREATED          0x00010000u     /* IRP_MJ_CREATE succeeded: CLOSE is owed */

typedef struct _IO_STACK_LOCATION {
    UCHAR MajorFunction;
    UCHAR MinorFunction;
    UCHAR Flags;
    UCHAR Control;
    union {
        struct { ACCESS_MASK DesiredAccess; ULONG Options; } Create;
        struct { ULONG Length; ULONG Key; LONG64 ByteOffset; } Read;
        struct { ULONG Length; ULONG Key; LONG64 ByteOffset; } Write;
        struct { ULONG Length; ULONG FileInformationClass; } QueryFile;
        /* SystemBuffer holds the caller's structure. FileObject: a rename's
           target directory (NULL for a bare new name), its FileName the new
           last component; DeleteHandle: the caller's handle of a disposition. */
        struct { ULONG Length; ULONG FileInformationClass; PFILE_OBJECT FileObject;
                 union { struct { BOOLEAN ReplaceIfExists; BOOLEAN AdvanceOnly; };
                         HANDLE DeleteHandle; }; } SetFile;
        struct { ULONG Length; ULONG FsInformationClass; } QueryVolume;
        struct { ULONG Length; PSTRING FileName; ULONG FileInformationClass; ULONG FileIndex; } QueryDirectory;
        struct { ULONG OutputBufferLength; ULONG InputBufferLength; ULONG FsControlCode; PVOID Type3InputBuffer; } FileSystemControl;
        struct { ULONG OutputBufferLength; ULONG InputBufferLength; ULONG IoControlCode; PVOID Type3InputBuffer; } DeviceIoControl;
        struct { PVOID Argument1, Argument2, Argument3, Argument4; } Others;
    } Parameters;
    struct _DEVICE_OBJECT *DeviceObject;
    PFILE_OBJECT FileObject;
    PIO_COMPLETION_ROUTINE CompletionRoutine;
    PVOID Context;
} IO_STACK_LOCATION, *PIO_STACK_LOCATION;

/* IRP.Flags */
#define IRP_BUFFERED_IO         0x0010u     /* SystemBuffer is the I/O manager's */
#define IRP_DEALLOCATE_BUFFER   0x0020u
#define IRP_INPUT_OPERATION     0x0040u     /* copy SystemBuffer to UserBuffer at the end */
#define IRP_SYNCHRONOUS_API     0x0004u
#define IRP_DEFER_IO_COMPLETION 0x0800u     /* NT's: finished by the issuer when not pended */
#define IRP_EVENT_REFERENCED    0x4000u     /* irplab's: UserEvent is an event object we hold */
#define IRP_DIRECT_COMPLETION   0x0400u     /* finished in IoCompleteRequest, no APC:
                                               NT's IRP_CLOSE_OPERATION path */

typedef struct _IRP {
    SHORT Type;
    USHORT Size;
    ULONG Id;                       /* serial: the trace and the verifier log use it */
    ULONG Flags;
    PVOID SystemBuffer;             /* AssociatedIrp.SystemBuffer */
    LIST_ENTRY ThreadListEntry;     /* in the issuing thread's IRP list */
    IO_STATUS_BLOCK IoStatus;
    KPROCESSOR_MODE RequestorMode;
    BOOLEAN PendingReturned;
    CHAR StackCount;
    CHAR CurrentLocation;           /* StackCount + 1 before the first IoCallDriver */
    BOOLEAN Cancel;
    KIRQL CancelIrql;
    PDRIVER_CANCEL CancelRoutine;
    PIO_STATUS_BLOCK UserIosb;      /* the caller's: in its address space (RequestorMode) */
    PKEVENT UserEvent;
    PVOID UserBuffer;               /* the caller's: where buffered output goes */
    PVOID AuxiliaryBuffer;          /* what the call captured for the IRP ('IoAx'), freed
                                       with it: NtQueryDirectoryFile's file name */
    struct {
        PKTHREAD Thread;            /* the issuing thread: completion is delivered there */
        PIO_STACK_LOCATION CurrentStackLocation;
        PFILE_OBJECT OriginalFileObject;
        KAPC Apc;                   /* IopCompleteRequest, queued to Thread */
    } Tail;
    /* The verifier's: */
    LIST_ENTRY AliveListEntry;      /* every IRP allocated and not yet freed */
    BOOLEAN Completed;              /* IoCompleteRequest has run */
    UCHAR InDispatch;               /* IoCallDriver frames still on the stack */
    BOOLEAN FreeDeferred;           /* freed once the last of them returns */
    IO_STACK_LOCATION Stack[];      /* StackCount of them */
} IRP, *PIRP;

#define IO_TYPE_IRP 6

typedef struct _IRP_LOG_ENTRY {
    ULONG IrpId;
    UCHAR MajorFunction;
    UCHAR Event;                    /* IRP_LOG_* */
    NTSTATUS Status;
} IRP_LOG_ENTRY;

#define IRP_LOG_DISPATCH    1
#define IRP_LOG_PEND        2
#define IRP_LOG_COMPLETE    3
#define IRP_LOG_CANCEL      4
#define IRP_LOG_SIZE        32

typedef struct _DEVICE_OBJECT {
    struct _DRIVER_OBJECT *DriverObject;
    struct _DEVICE_OBJECT *NextDevice;      /* the driver's list */
    struct _DEVICE_OBJECT *AttachedDevice;  /* the device layered above, if any */
    struct _DEVICE_OBJECT *AttachedTo;      /* the device below (irplab's field) */
    LONG ReferenceCount;                    /* open file objects and attachments */
    ULONG Flags;
    ULONG Characteristics;
    ULONG DeviceType;
    CHAR StackSize;                         /* stack locations an IRP needs here */
    ULONG Id;
    PVOID DeviceExtension;
    IRP_LOG_ENTRY IrpLog[IRP_LOG_SIZE];     /* verifier: the last IRP events */
    ULONG IrpLogNext;
} DEVICE_OBJECT, *PDEVICE_OBJECT;

#define DO_DEVICE_INITIALIZING  0x00000080u
#define DO_BUFFERED_IO          0x00000004u

typedef struct _DRIVER_OBJECT {
    PDEVICE_OBJECT DeviceObject;            /* the first of its devices */
    ULONG Flags;                            /* DRVO_* */
    STRING DriverName;
    PDRIVER_UNLOAD DriverUnload;
    PDRIVER_DISPATCH MajorFunction[IRP_MJ_MAXIMUM_FUNCTION + 1];
} DRIVER_OBJECT, *PDRIVER_OBJECT;

#define DRVO_UNLOAD_INVOKED     0x00000001u
#define DRVO_UNLOADING          0x00000002u     /* opens fail; unload at the last reference */

/* driver.c: the serial ids the trace names devices, IRPs and files by. */
typedef struct _IO_SERIAL_IDS {
    ULONG Device, Irp, File;
} IO_SERIAL_IDS, *PIO_SERIAL_IDS;
extern IO_SERIAL_IDS IopSerialIds;
VOID IoQuerySerialIds(PIO_SERIAL_IDS Ids);
VOID IoSetSerialIds(const IO_SERIAL_IDS *Ids);

extern POBJECT_TYPE IoDeviceObjectType, IoDriverObjectType, IoFileObjectType;

static inline PIO_STACK_LOCATION IoGetCurrentIrpStackLocation(PIRP Irp)
{
    return Irp->Tail.CurrentStackLocation;
}

static inline PIO_STACK_LOCATION IoGetNextIrpStackLocation(PIRP Irp)
{
    return Irp->Tail.CurrentStackLocation - 1;
}

static inline VOID IoMarkIrpPending(PIRP Irp)
{
    IoGetCurrentIrpStackLocation(Irp)->Control |= SL_PENDING_RETURNED;
}

static inline VOID IoCopyCurrentIrpStackLocationToNext(PIRP Irp)
{
    PIO_STACK_LOCATION cur = IoGetCurrentIrpStackLocation(Irp), next = cur - 1;

    *next = *cur;
    next->CompletionRoutine = NULL;
    next->Context = NULL;
    next->Control = 0;
}

static inline VOID IoSkipCurrentIrpStackLocation(PIRP Irp)
{
    Irp->CurrentLocation++;
    Irp->Tail.CurrentStackLocation++;
}

/* irp.c */
VOID IopInitializeIrpLookaside(VOID);
VOID IopCompleteIrp(PIRP Irp);
PIRP IoAllocateIrp(CHAR StackSize, BOOLEAN ChargeQuota);
VOID IoFreeIrp(PIRP Irp);
NTSTATUS IoCallDriver(PDEVICE_OBJECT DeviceObject, PIRP Irp);
VOID IoCompleteRequest(PIRP Irp, CHAR PriorityBoost);
VOID IoSetCompletionRoutine(PIRP Irp, PIO_COMPLETION_ROUTINE Routine, PVOID Context,
                            BOOLEAN InvokeOnSuccess, BOOLEAN InvokeOnError, BOOLEAN InvokeOnCancel);
PIRP IopBuildIrp(PDEVICE_OBJECT Device, PFILE_OBJECT File, UCHAR Major, PKEVENT Event,
                 PIO_STATUS_BLOCK Iosb);
NTSTATUS IopSynchronousCall(PDEVICE_OBJECT Device, PIRP Irp, PKEVENT Event, PIO_STATUS_BLOCK Iosb);
#define IO_NO_INCREMENT 0

extern KSPIN_LOCK IopThreadIrpLock;

/* cancel.c */
BOOLEAN IoCancelIrp(PIRP Irp);
PDRIVER_CANCEL IoSetCancelRoutine(PIRP Irp, PDRIVER_CANCEL CancelRoutine);
VOID IoAcquireCancelSpinLock(PKIRQL Irql);
VOID IoReleaseCancelSpinLock(KIRQL Irql);
struct _ETHREAD;
VOID IoCancelThreadIo(struct _ETHREAD *Thread);

/* What an open carries to IopParseDevice (the parse context), and what
   the driver answered. */
typedef struct _OPEN_PACKET {
    ACCESS_MASK DesiredAccess;
    ULONG Disposition;
    ULONG Options;
    UCHAR Flags;                /* the CREATE's stack flags: SL_OPEN_TARGET_DIRECTORY */
    ULONG_PTR Information;      /* out: the CREATE's IoStatus.Information (FILE_OPENED...) */
} OPEN_PACKET;

/* file.c */
PDEVICE_OBJECT IoGetRelatedDeviceObject(PFILE_OBJECT File);

/* ntfile.c: what one native call needs - the file, the IRP, where data
   goes in and out. */
typedef struct _IO_REQUEST {
    KPROCESSOR_MODE Mode;       /* the caller's */
    KPROCESSOR_MODE WaitMode;   /* of a synchronous call's wait: Mode unless the call
                                   must outlive its caller's end (a rename's target) */
    PFILE_OBJECT File;
    ACCESS_MASK GrantedAccess;  /* the caller's handle's */
    PKEVENT Event;              /* the caller's, referenced; NULL: synchronous */
    PIRP Irp;
    PIO_STACK_LOCATION Sp;
} IO_REQUEST;

NTSTATUS IopPrepareRequest(IO_REQUEST *r, HANDLE FileHandle, HANDLE Event, ACCESS_MASK Access,
                           UCHAR Major, PIO_STATUS_BLOCK Iosb, const VOID *In, ULONG InLength,
                           PVOID Out, ULONG OutLength);
NTSTATUS IopSendRequest(IO_REQUEST *r);
NTSTATUS IopAbandonRequest(IO_REQUEST *r, NTSTATUS Status);

/* driver.c */
VOID IopInitializeDriverType(VOID);
VOID IoLoadBootDrivers(VOID);
NTSTATUS IopLoadBootDriver(PCSTRING Name);
NTSTATUS IopUnloadBootDriver(PCSTRING Name);
VOID IoInitSystem(VOID);
NTSTATUS IoLoadDriver(PCSTR Name, PDRIVER_INITIALIZE DriverEntry, PDRIVER_OBJECT *Driver);
NTSTATUS IoUnloadDriver(PDRIVER_OBJECT Driver);
NTSTATUS IoCreateDevice(PDRIVER_OBJECT DriverObject, ULONG DeviceExtensionSize, PCSTR DeviceName,
                        ULONG DeviceType, ULONG Characteristics, BOOLEAN Exclusive,
                        PDEVICE_OBJECT *DeviceObject);
VOID IoDeleteDevice(PDEVICE_OBJECT DeviceObject);
PDEVICE_OBJECT IoAttachDeviceToDeviceStack(PDEVICE_OBJECT Source, PDEVICE_OBJECT Target);
VOID IoDetachDevice(PDEVICE_OBJECT TargetDevice);
PDEVICE_OBJECT IoGetAttachedDevice(PDEVICE_OBJECT DeviceObject);
VOID IopReferenceDevice(PDEVICE_OBJECT Device);
VOID IopDereferenceDevice(PDEVICE_OBJECT Device);

/* verifier.c */
VOID IopVerifierLog(PDEVICE_OBJECT Device, PIRP Irp, PIO_STACK_LOCATION Sp, UCHAR Event,
                    NTSTATUS Status);
VOID IopVerifierCheckCompletion(PIRP Irp);
VOID IopVerifierCheckDispatch(PDEVICE_OBJECT Device, PIRP Irp, PIO_STACK_LOCATION Sp,
                              NTSTATUS Status);
VOID IopVerifierCheckUnwind(PIRP Irp, PIO_STACK_LOCATION Sp);
LONG IoOutstandingIrps(VOID);
VOID IopIrpAllocated(PIRP Irp);
VOID IopIrpFreed(PIRP Irp);
ULONG IoQueryIrps(SYSTEM_IRPLAB_IRP *Records, PDEVICE_OBJECT *Devices, ULONG Count);

/* DRIVER_VERIFIER_IOMANAGER_VIOLATION first parameters used here. */
#define VERIFIER_PENDING_NOT_MARKED     0x208
#define VERIFIER_COMPLETE_WITH_CANCEL   0x20C
#define VERIFIER_COMPLETE_PENDING       0x209
#define VERIFIER_MARKED_NOT_PENDING     0x20A   /* marked pending, returned another status */

#endif
