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

/* One of the executive's object types: no procedures, its rights, its tag.
   A type that cannot be made at boot leaves nothing to run on. */
VOID ExpCreateObjectType(PCSTR Name, ULONG Tag, ACCESS_MASK Read, ACCESS_MASK Write,
                         ACCESS_MASK All, POBJECT_TYPE *Type)
{
    OBJECT_TYPE_INITIALIZER init;

    memset(&init, 0, sizeof(init));
    init.PoolTag = Tag;
    init.GenericMapping.GenericRead = Read;
    init.GenericMapping.GenericWrite = Write;
    init.GenericMapping.GenericAll = All;
    init.ValidAccessMask = All;
    if (!NT_SUCCESS(ObCreateObjectType(Name, &init, Type)))
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, 0x30, Tag, 0, 0);
}

VOID ExInitSystem(VOID)
{
    ExpCreateObjectType("Event", EVENT_TAG, 0x20001, 0x20002, EVENT_ALL_ACCESS, &ExEventObjectType);
    ExpInitializeMutantType();
}

NTSTATUS NtCreateEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess,
                       POBJECT_ATTRIBUTES ObjectAttributes, ULONG EventType, BOOLEAN InitialState)
{
    PKEVENT event;
    NTSTATUS status;

    if (EventType > SynchronizationEvent)
        return STATUS_INVALID_PARAMETER;
    status = ObCreateObject(ExEventObjectType, ObjectAttributes ? ObjectAttributes->Attributes : 0,
                            sizeof(*event), (PVOID *)&event);
    if (!NT_SUCCESS(status))
        return status;
    KeInitializeEvent(event, (EVENT_TYPE)EventType, InitialState);
    return ObInsertObjectInTable(event, ObjectAttributes ? ObjectAttributes->ObjectName : NULL,
                                 DesiredAccess, PsGetCurrentHandleTable(), NULL, EventHandle);
}

NTSTATUS ExReferenceEventByHandle(HANDLE Handle, PKEVENT *Event)
{
    return ObReferenceObjectByHandleInTable(PsGetCurrentHandleTable(), Handle, EVENT_MODIFY_STATE,
                                            ExEventObjectType, (PVOID *)Event, NULL);
}

/* NtSetEvent and NtResetEvent: the change, and the state before it. */
static NTSTATUS ExpChangeEvent(HANDLE EventHandle, BOOLEAN Set, PLONG PreviousState)
{
    PKEVENT event;
    NTSTATUS status = ExReferenceEventByHandle(EventHandle, &event);
    LONG old;

    if (!NT_SUCCESS(status))
        return status;
    old = Set ? KeSetEvent(event, 0, FALSE) : KeResetEvent(event);
    ObDereferenceObject(event);
    if (PreviousState != NULL)
        *PreviousState = old;
    return STATUS_SUCCESS;
}

NTSTATUS NtSetEvent(HANDLE EventHandle, PLONG PreviousState)
{
    return ExpChangeEvent(EventHandle, TRUE, PreviousState);
}

NTSTATUS NtResetEvent(HANDLE EventHandle, PLONG PreviousState)
{
    return ExpChangeEvent(EventHandle, FALSE, PreviousState);
}
