/*
 * ntob.c - the native calls on objects themselves: directories (made,
 * opened and listed), symbolic links and temporary objects. Each captures
 * its caller's attributes and strings (ex/probe.c) and makes the object
 * manager's own call on the table the attributes name (the caller's
 * process's, or the kernel's).
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

/* Opens the object the caller's attributes name, which must be of Type. */
static NTSTATUS ObpOpenByName(PHANDLE Handle, ACCESS_MASK DesiredAccess,
                              POBJECT_ATTRIBUTES ObjectAttributes, POBJECT_TYPE Type)
{
    KPROCESSOR_MODE mode = KeGetPreviousMode();
    EX_CAPTURED_ATTRIBUTES captured;
    POBJECT_ATTRIBUTES oa;
    HANDLE handle;
    NTSTATUS status = ObpCaptureName(mode, Handle, ObjectAttributes, &captured, &oa);

    if (!NT_SUCCESS(status))
        return status;
    status = ObOpenObjectByName(oa->ObjectName, Type, oa->Attributes, DesiredAccess, NULL,
                                &handle);
    ExReleaseObjectAttributes(&captured);
    return ExReturnHandle(mode, Handle, handle, status);
}

NTSTATUS NtOpenDirectoryObject(PHANDLE DirectoryHandle, ACCESS_MASK DesiredAccess,
                               POBJECT_ATTRIBUTES ObjectAttributes)
{
    return ObpOpenByName(DirectoryHandle, DesiredAccess, ObjectAttributes, ObDirectoryObjectType);
}

/* The caller's outputs are checked before anything is done, and its
   Context read (unless the scan restarts) into *Index. */
static NTSTATUS ObpCaptureQueryArguments(KPROCESSOR_MODE Mode, PVOID Buffer, ULONG Length,
                                         BOOLEAN RestartScan, PULONG Context,
                                         PULONG ReturnLength, PULONG Index)
{
    NTSTATUS status = ExProbeForWrite(Mode, Buffer, Length, sizeof(ULONG));

    *Index = 0;
    if (NT_SUCCESS(status))
        status = ExProbeForWrite(Mode, Context, sizeof(ULONG), sizeof(ULONG));
    if (NT_SUCCESS(status) && ReturnLength != NULL)
        status = ExProbeForWrite(Mode, ReturnLength, sizeof(ULONG), sizeof(ULONG));
    if (NT_SUCCESS(status) && !RestartScan)
        status = ExCopyFromCaller(Mode, Index, Context, sizeof(ULONG));
    return status;
}

/* The answer to the caller: the entries when there are some, then the
   next Context and the length (used, or needed). A fault is the call's
   status; one writing the entries leaves the caller's Context as it was. */
static NTSTATUS ObpReturnDirectoryQuery(KPROCESSOR_MODE Mode, NTSTATUS Status, PVOID Buffer,
                                        PVOID Staged, ULONG Used, PULONG Context, ULONG Index,
                                        PULONG ReturnLength)
{
    NTSTATUS status = STATUS_SUCCESS;

    if (NT_SUCCESS(Status))
        status = ExCopyToCaller(Mode, Buffer, Staged, Used);
    if (NT_SUCCESS(status))
        status = ExCopyToCaller(Mode, Context, &Index, sizeof(Index));
    if (NT_SUCCESS(status) && ReturnLength != NULL)
        status = ExCopyToCaller(Mode, ReturnLength, &Used, sizeof(Used));
    return NT_SUCCESS(status) ? Status : status;
}

/*
 * NT's NtQueryDirectoryObject: the directory's entries from *Context on
 * (0 with RestartScan) as OBJECT_DIRECTORY_INFORMATION (obtypes.h), as
 * many as fit or just one; ObQueryDirectoryObject says what each status
 * means. The answer is made in pool under the namespace lock and copied
 * to the caller after it, at most OB_MAX_QUERY_BUFFER bytes a call.
 */
NTSTATUS NtQueryDirectoryObject(HANDLE DirectoryHandle, PVOID Buffer, ULONG Length,
                                BOOLEAN ReturnSingleEntry, BOOLEAN RestartScan, PULONG Context,
                                PULONG ReturnLength)
{
    KPROCESSOR_MODE mode = KeGetPreviousMode();
    ULONG room = Length < OB_MAX_QUERY_BUFFER ? Length : OB_MAX_QUERY_BUFFER, index, used;
    PVOID directory, staged = NULL;
    NTSTATUS status = ObpCaptureQueryArguments(mode, Buffer, Length, RestartScan, Context,
                                               ReturnLength, &index);

    if (NT_SUCCESS(status))
        status = ObReferenceObjectByHandle(DirectoryHandle, DIRECTORY_QUERY,
                                           ObDirectoryObjectType, mode, &directory, NULL);
    if (!NT_SUCCESS(status))
        return status;
    if (room != 0)
        staged = ExAllocatePoolWithTag(NonPagedPool, room, OB_TAG_QUERY);
    if (room != 0 && staged == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
    } else {
        status = ObQueryDirectoryObject(directory, staged, room, (ULONG_PTR)Buffer,
                                        ReturnSingleEntry, &index, &used);
        status = ObpReturnDirectoryQuery(mode, status, Buffer, staged, used, Context, index,
                                         ReturnLength);
    }
    if (staged != NULL)
        ExFreePoolWithTag(staged, OB_TAG_QUERY);
    ObDereferenceObject(directory);
    return status;
}

NTSTATUS NtOpenSymbolicLinkObject(PHANDLE LinkHandle, ACCESS_MASK DesiredAccess,
                                  POBJECT_ATTRIBUTES ObjectAttributes)
{
    return ObpOpenByName(LinkHandle, DesiredAccess, ObjectAttributes, ObSymbolicLinkObjectType);
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
