/*
 * ntob.c - the native calls on objects themselves: directories, symbolic
 * links and temporary objects. Each captures its caller's attributes and
 * strings (ex/probe.c) and makes the object manager's own call on the
 * table the attributes name (the caller's process's, or the kernel's).
 */
#include "ntob.h"
#include "ex/ex.h"
#include "ob/ob.h"
#include "ps/ps.h"

/* The caller's attributes, which must name something. */
static NTSTATUS ObpCaptureName(KPROCESSOR_MODE Mode, PHANDLE Handle,
                               POBJECT_ATTRIBUTES ObjectAttributes,
                               PEX_CAPTURED_ATTRIBUTES Captured, POBJECT_ATTRIBUTES *Oa)
{
    NTSTATUS status = ExProbeForWrite(Mode, Handle, sizeof(HANDLE), sizeof(ULONG));

    if (NT_SUCCESS(status))
        status = ExCaptureObjectAttributes(Mode, ObjectAttributes, Captured, Oa);
    if (NT_SUCCESS(status) && (*Oa == NULL || (*Oa)->ObjectName == NULL)) {
        ExReleaseObjectAttributes(Captured);
        status = STATUS_INVALID_PARAMETER;
    }
    return status;
}

NTSTATUS NtCreateDirectoryObject(PHANDLE DirectoryHandle, ACCESS_MASK DesiredAccess,
                                 POBJECT_ATTRIBUTES ObjectAttributes)
{
    KPROCESSOR_MODE mode = KeGetPreviousMode();
    EX_CAPTURED_ATTRIBUTES captured;
    POBJECT_ATTRIBUTES oa;
    HANDLE handle;
    NTSTATUS status = ObpCaptureName(mode, DirectoryHandle, ObjectAttributes, &captured, &oa);

    if (!NT_SUCCESS(status))
        return status;
    status = ObCreateDirectoryObject(ObpHandleTableFor(oa->Attributes), oa->ObjectName,
                                     oa->Attributes, DesiredAccess, &handle);
    handle = ObpExternalHandle(handle, oa->Attributes);
    ExReleaseObjectAttributes(&captured);
    return ExReturnHandle(mode, DirectoryHandle, handle, status);
}

NTSTATUS NtCreateSymbolicLinkObject(PHANDLE LinkHandle, ACCESS_MASK DesiredAccess,
                                    POBJECT_ATTRIBUTES ObjectAttributes, PSTRING LinkTarget)
{
    KPROCESSOR_MODE mode = KeGetPreviousMode();
    EX_CAPTURED_ATTRIBUTES captured;
    POBJECT_ATTRIBUTES oa;
    STRING target;
    HANDLE handle;
    NTSTATUS status = ObpCaptureName(mode, LinkHandle, ObjectAttributes, &captured, &oa);

    if (!NT_SUCCESS(status))
        return status;
    status = LinkTarget != NULL ? ExCaptureString(mode, LinkTarget, 0xFFFF, &target)
                                : STATUS_INVALID_PARAMETER;
    if (NT_SUCCESS(status)) {
        status = ObCreateSymbolicLinkObject(ObpHandleTableFor(oa->Attributes), oa->ObjectName,
                                            oa->Attributes, DesiredAccess, &target, &handle);
        handle = ObpExternalHandle(handle, oa->Attributes);
        ExReleaseString(&target);
    }
    ExReleaseObjectAttributes(&captured);
    return ExReturnHandle(mode, LinkHandle, handle, status);
}

NTSTATUS NtOpenSymbolicLinkObject(PHANDLE LinkHandle, ACCESS_MASK DesiredAccess,
                                  POBJECT_ATTRIBUTES ObjectAttributes)
{
    KPROCESSOR_MODE mode = KeGetPreviousMode();
    EX_CAPTURED_ATTRIBUTES captured;
    POBJECT_ATTRIBUTES oa;
    HANDLE handle;
    NTSTATUS status = ObpCaptureName(mode, LinkHandle, ObjectAttributes, &captured, &oa);

    if (!NT_SUCCESS(status))
        return status;
    status = ObOpenObjectByName(oa->ObjectName, ObSymbolicLinkObjectType, oa->Attributes,
                                DesiredAccess, NULL, &handle);
    ExReleaseObjectAttributes(&captured);
    return ExReturnHandle(mode, LinkHandle, handle, status);
}

/* The link's target into the caller's LinkTarget (its MaximumLength says
   how much room Buffer has; a NUL follows the text when there is room),
   and its length into *ReturnedLength, also when the room is too small. */
NTSTATUS NtQuerySymbolicLinkObject(HANDLE LinkHandle, PSTRING LinkTarget, PULONG ReturnedLength)
{
    KPROCESSOR_MODE mode = KeGetPreviousMode();
    POBJECT_SYMBOLIC_LINK link;
    STRING room;
    ULONG length;
    CHAR nul = '\0';
    NTSTATUS status = ExCopyFromCaller(mode, &room, LinkTarget, sizeof(room));

    if (NT_SUCCESS(status))
        status = ObReferenceObjectByHandle(LinkHandle, SYMBOLIC_LINK_QUERY,
                                           ObSymbolicLinkObjectType, mode, (PVOID *)&link, NULL);
    if (!NT_SUCCESS(status))
        return status;
    length = link->Target.Length;
    if (ReturnedLength != NULL)
        status = ExCopyToCaller(mode, ReturnedLength, &length, sizeof(length));
    if (NT_SUCCESS(status) && room.MaximumLength < length)
        status = STATUS_BUFFER_TOO_SMALL;
    if (NT_SUCCESS(status))
        status = ExCopyToCaller(mode, room.Buffer, link->Target.Buffer, length);
    if (NT_SUCCESS(status) && room.MaximumLength > length)
        status = ExCopyToCaller(mode, room.Buffer + length, &nul, 1);
    if (NT_SUCCESS(status))
        status = ExCopyToCaller(mode, &LinkTarget->Length, &link->Target.Length,
                                sizeof(USHORT));
    ObDereferenceObject(link);
    return status;
}

NTSTATUS NtMakeTemporaryObject(HANDLE Handle)
{
    PVOID object;
    NTSTATUS status = ObReferenceObjectByHandle(Handle, DELETE, NULL, KeGetPreviousMode(), &object,
                                                NULL);

    if (!NT_SUCCESS(status))
        return status;
    ObMakeTemporaryObject(object);
    ObDereferenceObject(object);
    return STATUS_SUCCESS;
}
