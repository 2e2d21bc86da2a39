/*
 * ntob.c - the native calls on objects themselves: directories, symbolic
 * links and temporary objects. Each is the object manager's own call on
 * the calling process's handle table.
 */
#include "ntob.h"
#include "ob/ob.h"
#include "ps/ps.h"

static PCSTRING ObpName(POBJECT_ATTRIBUTES Attributes)
{
    return Attributes != NULL && Attributes->RootDirectory == NULL ? Attributes->ObjectName : NULL;
}

NTSTATUS NtCreateDirectoryObject(PHANDLE DirectoryHandle, ACCESS_MASK DesiredAccess,
                                 POBJECT_ATTRIBUTES ObjectAttributes)
{
    if (ObpName(ObjectAttributes) == NULL)
        return STATUS_INVALID_PARAMETER;
    return ObCreateDirectoryObject(PsGetCurrentHandleTable(), ObjectAttributes->ObjectName,
                                   ObjectAttributes->Attributes, DesiredAccess, DirectoryHandle);
}

NTSTATUS NtCreateSymbolicLinkObject(PHANDLE LinkHandle, ACCESS_MASK DesiredAccess,
                                    POBJECT_ATTRIBUTES ObjectAttributes, PSTRING LinkTarget)
{
    if (ObpName(ObjectAttributes) == NULL || LinkTarget == NULL)
        return STATUS_INVALID_PARAMETER;
    return ObCreateSymbolicLinkObject(PsGetCurrentHandleTable(), ObjectAttributes->ObjectName,
                                      ObjectAttributes->Attributes, DesiredAccess, LinkTarget,
                                      LinkHandle);
}

NTSTATUS NtOpenSymbolicLinkObject(PHANDLE LinkHandle, ACCESS_MASK DesiredAccess,
                                  POBJECT_ATTRIBUTES ObjectAttributes)
{
    if (ObpName(ObjectAttributes) == NULL)
        return STATUS_INVALID_PARAMETER;
    return ObOpenObjectByNameInTable(PsGetCurrentHandleTable(), ObjectAttributes->ObjectName,
                                     ObSymbolicLinkObjectType, DesiredAccess, NULL, LinkHandle);
}

NTSTATUS NtQuerySymbolicLinkObject(HANDLE LinkHandle, PSTRING LinkTarget, PULONG ReturnedLength)
{
    PVOID link;
    NTSTATUS status = ObReferenceObjectByHandleInTable(PsGetCurrentHandleTable(), LinkHandle,
                                                       SYMBOLIC_LINK_QUERY,
                                                       ObSymbolicLinkObjectType, &link, NULL);

    if (!NT_SUCCESS(status))
        return status;
    status = ObQuerySymbolicLinkTarget(link, LinkTarget, ReturnedLength);
    ObDereferenceObject(link);
    return status;
}

NTSTATUS NtMakeTemporaryObject(HANDLE Handle)
{
    PVOID object;
    NTSTATUS status = ObReferenceObjectByHandleInTable(PsGetCurrentHandleTable(), Handle, DELETE,
                                                       NULL, &object, NULL);

    if (!NT_SUCCESS(status))
        return status;
    ObMakeTemporaryObject(object);
    ObDereferenceObject(object);
    return STATUS_SUCCESS;
}
