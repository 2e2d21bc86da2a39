/*
 * ntevent.c - event objects for the native API (type "Event", a KEVENT in
 * the object manager's clothes): NtCreateEvent, NtSetEvent, NtResetEvent,
 * and the references the I/O manager takes on an event a caller passes.
 */
#include <string.h>
#include "ex/ex.h"
#include "ps/ps.h"

#define EVENT_TAG POOL_TAG('E', 'v', 'e', 'n')

POBJECT_TYPE ExEventObjectType;

/* One of the executive's object types: its rights, its tag, and what to do
   when an object goes (Delete, optional). A type that cannot be made at
   boot leaves nothing to run on. */
VOID ExpCreateObjectType(PCSTR Name, ULONG Tag, ACCESS_MASK Read, ACCESS_MASK Write,
                         ACCESS_MASK All, OB_DELETE_METHOD Delete, POBJECT_TYPE *Type)
{
    OBJECT_TYPE_INITIALIZER init;

    memset(&init, 0, sizeof(init));
    init.PoolTag = Tag;
    init.DeleteProcedure = Delete;
    init.GenericMapping.GenericRead = Read;
    init.GenericMapping.GenericWrite = Write;
    init.GenericMapping.GenericAll = All;
    init.ValidAccessMask = All;
    if (!NT_SUCCESS(ObCreateObjectType(Name, &init, Type)))
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, 0x30, Tag, 0, 0);
}

VOID ExInitSystem(VOID)
{
    ExpCreateObjectType("Event", EVENT_TAG, 0x20001, 0x20002, EVENT_ALL_ACCESS, NULL,
                        &ExEventObjectType);
    ExpInitializeMutantType();
}

/*
 * The shape every NtCreateXxx of an executive object shares: capture the
 * attributes, make the object (Initialize fills its body), insert it - a
 * name, a handle in the table its attributes ask for - and return the
 * handle to the caller. The object is Type's, BodySize bytes.
 */
NTSTATUS ExpCreateObject(POBJECT_TYPE Type, ULONG BodySize, PHANDLE Handle,
                         ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
                         VOID (*Initialize)(PVOID Body, PVOID Context), PVOID Context,
                         PVOID *Object)
{
    KPROCESSOR_MODE mode = KeGetPreviousMode();
    EX_CAPTURED_ATTRIBUTES captured;
    POBJECT_ATTRIBUTES oa;
    PVOID body;
    HANDLE handle;
    NTSTATUS status = ExProbeForWrite(mode, Handle, sizeof(HANDLE), sizeof(ULONG));

    if (NT_SUCCESS(status))
        status = ExCaptureObjectAttributes(mode, ObjectAttributes, &captured, &oa);
    if (!NT_SUCCESS(status))
        return status;
    status = ObCreateObject(Type, oa != NULL ? oa->Attributes : 0, BodySize, &body);
    if (NT_SUCCESS(status)) {
        Initialize(body, Context);
        status = ObInsertObject(body, oa != NULL ? oa->ObjectName : NULL,
                                oa != NULL ? oa->Attributes : 0, DesiredAccess,
                                Object, &handle);
    }
    ExReleaseObjectAttributes(&captured);
    status = ExReturnHandle(mode, Handle, handle, status);
    if (!NT_SUCCESS(status) && Object != NULL && *Object != NULL) {
        ObDereferenceObject(*Object);
        *Object = NULL;
    }
    return status;
}

static VOID ExpInitializeEvent(PVOID Body, PVOID Context)
{
    ULONG how = (ULONG)(ULONG_PTR)Context;

    KeInitializeEvent(Body, (EVENT_TYPE)(how >> 1), how & 1);
}

NTSTATUS NtCreateEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess,
                       POBJECT_ATTRIBUTES ObjectAttributes, ULONG EventType, BOOLEAN InitialState)
{
    if (EventType > SynchronizationEvent)
        return STATUS_INVALID_PARAMETER;
    return ExpCreateObject(ExEventObjectType, sizeof(KEVENT), EventHandle, DesiredAccess,
                           ObjectAttributes, ExpInitializeEvent,
                           (PVOID)(ULONG_PTR)(EventType << 1 | (InitialState != 0)), NULL);
}

/* NtSetEvent and NtResetEvent: the change, and the state before it. */
static NTSTATUS ExpChangeEvent(HANDLE EventHandle, BOOLEAN Set, PLONG PreviousState)
{
    KPROCESSOR_MODE mode = KeGetPreviousMode();
    PKEVENT event;
    LONG old;
    NTSTATUS status = PreviousState != NULL
                          ? ExProbeForWrite(mode, PreviousState, sizeof(LONG), sizeof(LONG))
                          : STATUS_SUCCESS;

    if (NT_SUCCESS(status))
        status = ObReferenceObjectByHandle(EventHandle, EVENT_MODIFY_STATE, ExEventObjectType,
                                           mode, (PVOID *)&event, NULL);
    if (!NT_SUCCESS(status))
        return status;
    old = Set ? KeSetEvent(event, 0, FALSE) : KeResetEvent(event);
    ObDereferenceObject(event);
    return PreviousState != NULL ? ExCopyToCaller(mode, PreviousState, &old, sizeof(old))
                                 : STATUS_SUCCESS;
}

NTSTATUS NtSetEvent(HANDLE EventHandle, PLONG PreviousState)
{
    return ExpChangeEvent(EventHandle, TRUE, PreviousState);
}

NTSTATUS NtResetEvent(HANDLE EventHandle, PLONG PreviousState)
{
    return ExpChangeEvent(EventHandle, FALSE, PreviousState);
}
