/*
 * namespace.c - directory objects, names in them, the namespace lock, and
 * inserting a new object (naming it and giving it a handle).
 *
 * The namespace is a tree of directory objects from the root `\`. A name
 * is one component held by its parent directory; the directory keeps its
 * entries in a list (the namespace has tens of names, not thousands: NT's
 * 37 hash buckets would buy nothing here). ObInitSystem makes `\` and the
 * permanent directories `\Device`, `\Driver`, `\DosDevices`, `\Windows`.
 *
 * Interface: ObInitSystem, ObInsertObjectInTable, ObCreateDirectoryObject,
 * ObQueryDirectoryObject, ObDirectoryObjectType, ObQueryNameString; for the rest of kernel/ob, the
 * lock wrappers ObpLockNamespace/ObpUnlockNamespace, and the entry functions
 * ObpFindEntryDirectory, ObpInsertEntryDirectory, ObpDeleteNameCheck and
 * ObpReleaseName.
 */
#include <stdio.h>
#include <string.h>
#include "mm/mm.h"
#include "ob/ob.h"

POBJECT_TYPE ObDirectoryObjectType;
POBJECT_DIRECTORY ObpRootDirectory;         /* holds its creation reference */
POBJECT_DIRECTORY ObpDosDevicesDirectory;   /* holds a reference */

/*
 * The namespace lock. Lock order: it is never held with a handle table's
 * lock, and nothing that can call a type procedure or drop a last
 * reference runs under it. A spinlock today: the wrappers become a mutex
 * acquire and release once threads exist, and nothing else changes.
 */
static KSPIN_LOCK ObpNamespaceLock = KSPIN_LOCK_INIT(LockRankObNamespace, "ObpNamespaceLock");
static KIRQL ObpNamespaceIrql;      /* what the holder raised from */

VOID ObpLockNamespace(VOID)
{
    KIRQL irql;

    KeAcquireSpinLock(&ObpNamespaceLock, &irql);
    ObpNamespaceIrql = irql;
}

VOID ObpUnlockNamespace(VOID)
{
    KeReleaseSpinLock(&ObpNamespaceLock, ObpNamespaceIrql);
}

BOOLEAN ObpNamespaceLocked(VOID)
{
    return ObpNamespaceLock.Owned != 0;
}

/* Object's full name ("\Device\Console") in Buffer, cut to fit; "" when
   it has none. Object must be referenced. */
VOID ObQueryNameString(PVOID Object, PCHAR Buffer, ULONG Size)
{
    POBJECT_HEADER h = OBJECT_TO_OBJECT_HEADER(Object);
    CHAR path[OB_MAX_PATH + 1];
    ULONG at = OB_MAX_PATH;

    path[at] = '\0';
    ObpLockNamespace();
    while (h->Directory != NULL && at > h->Name.Length) {
        at -= h->Name.Length;
        memcpy(&path[at], h->Name.Buffer, h->Name.Length);
        path[--at] = '\\';
        h = OBJECT_TO_OBJECT_HEADER(h->Directory);
    }
    ObpUnlockNamespace();
    snprintf(Buffer, Size, "%s", &path[at]);
}

/* The entry called Name (any case) in Directory, or NULL. Namespace lock. */
POBJECT_HEADER ObpFindEntryDirectory(POBJECT_DIRECTORY Directory, PCSTRING Name)
{
    PLIST_ENTRY e;

    ASSERT(ObpNamespaceLocked());
    for (e = Directory->Entries.Flink; e != &Directory->Entries; e = e->Flink) {
        POBJECT_HEADER h = CONTAINING_RECORD(e, OBJECT_HEADER, DirectoryLink);
        if (RtlEqualString(&h->Name, Name, TRUE))
            return h;
    }
    return NULL;
}

/* Names Header's object Name in Directory: the name takes a reference on
   the object, the object one on the directory. Namespace lock; Name is a
   valid component (lookup.c checked it). */
NTSTATUS ObpInsertEntryDirectory(POBJECT_DIRECTORY Directory, PCSTRING Name,
                                 POBJECT_HEADER Header)
{
    PCHAR buffer;

    ASSERT(ObpNamespaceLocked());
    if (ObpFindEntryDirectory(Directory, Name) != NULL)
        return STATUS_OBJECT_NAME_COLLISION;
    buffer = ExAllocatePoolWithTag(NonPagedPool, Name->Length, OB_TAG_NAME);
    if (buffer == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    memcpy(buffer, Name->Buffer, Name->Length);
    Header->Name.Buffer = buffer;
    Header->Name.Length = Header->Name.MaximumLength = Name->Length;
    Header->Directory = Directory;
    Header->Flags |= OB_FLAG_INSERTED;
    InsertTailList(&Directory->Entries, &Header->DirectoryLink);
    Directory->Count++;
    ObReferenceObject(Header->Body);
    ObReferenceObject(Directory);
    ObpDriveMapNameInserted(Header);
    return STATUS_SUCCESS;
}

/* NT's ObpDeleteNameCheck: a temporary object with no handle open loses
   its name. Returns the directory it left (the caller then drops the two
   references with ObpReleaseName, after unlocking), or NULL if the name
   stays. Namespace lock. */
POBJECT_DIRECTORY ObpDeleteNameCheck(POBJECT_HEADER Header)
{
    POBJECT_DIRECTORY dir = Header->Directory;

    ASSERT(ObpNamespaceLocked());
    if (dir == NULL || Header->HandleCount != 0 || (Header->Flags & OB_FLAG_PERMANENT))
        return NULL;
    ObpDriveMapNameRemoved(Header);
    RemoveEntryList(&Header->DirectoryLink);
    InitializeListHead(&Header->DirectoryLink);
    dir->Count--;
    ExFreePoolWithTag(Header->Name.Buffer, OB_TAG_NAME);
    Header->Name.Buffer = NULL;
    Header->Name.Length = Header->Name.MaximumLength = 0;
    Header->Directory = NULL;
    return dir;
}

/* Drops the references a name held. No lock held: either may be the last. */
VOID ObpReleaseName(PVOID Object, POBJECT_DIRECTORY Directory)
{
    ObDereferenceObject(Object);
    ObDereferenceObject(Directory);
}

/* A string of the answer at At in Buffer, NUL-terminated, as the caller
   will see it at Base + At; returns where the next one goes. */
static ULONG ObpPlaceString(PSTRING String, PCSTR Text, USHORT Length, PUCHAR Buffer, ULONG At,
                            ULONG_PTR Base)
{
    memcpy(Buffer + At, Text, Length);
    Buffer[At + Length] = '\0';
    String->Length = Length;
    String->MaximumLength = (USHORT)(Length + 1);
    String->Buffer = (PCHAR)(Base + At);
    return At + Length + 1;
}

/* The bytes one entry takes: its OBJECT_DIRECTORY_INFORMATION and both
   strings with their NULs. Namespace lock (the name). */
static ULONG ObpDirectoryEntrySize(POBJECT_HEADER Header)
{
    return sizeof(OBJECT_DIRECTORY_INFORMATION) + Header->Name.Length + 1 +
           strlen(Header->Type->Name) + 1;
}

/* Count entries from First into Buffer: the array, the zeroed entry, the
   strings. Namespace lock. */
static VOID ObpFillDirectoryInformation(PLIST_ENTRY First, ULONG Count, PUCHAR Buffer,
                                        ULONG_PTR Base)
{
    POBJECT_DIRECTORY_INFORMATION info = (POBJECT_DIRECTORY_INFORMATION)Buffer;
    ULONG at = (Count + 1) * sizeof(*info), i;
    PLIST_ENTRY e = First;

    for (i = 0; i < Count; i++, e = e->Flink) {
        POBJECT_HEADER h = CONTAINING_RECORD(e, OBJECT_HEADER, DirectoryLink);
        PCSTR type = h->Type->Name;

        at = ObpPlaceString(&info[i].Name, h->Name.Buffer, h->Name.Length, Buffer, at, Base);
        at = ObpPlaceString(&info[i].TypeName, type, (USHORT)strlen(type), Buffer, at, Base);
    }
    memset(&info[Count], 0, sizeof(*info));
}

/* Directory's entry number Index (newest last), or the list's head when
   there are no more. Namespace lock. */
static PLIST_ENTRY ObpDirectoryEntryAt(POBJECT_DIRECTORY Directory, ULONG Index)
{
    PLIST_ENTRY e = Directory->Entries.Flink;

    while (Index-- != 0 && e != &Directory->Entries)
        e = e->Flink;
    return e;
}

/*
 * NtQueryDirectoryObject's work, into kernel memory: Directory's entries
 * from number *Context on, as many as fit in Length (or only one), laid
 * out as OBJECT_DIRECTORY_INFORMATION says with pointers for a caller who
 * will see Buffer at Base. On success (STATUS_SUCCESS, or
 * STATUS_MORE_ENTRIES when some were left out for room) *Context is the
 * next entry's number and *ReturnLength the bytes used. Not even one
 * entry fits: STATUS_BUFFER_TOO_SMALL, *ReturnLength what it needs. None
 * left: STATUS_NO_MORE_ENTRIES, *ReturnLength 0. The namespace lock is
 * held throughout, so Buffer must not be a user address.
 */
NTSTATUS ObQueryDirectoryObject(PVOID Directory, PVOID Buffer, ULONG Length, ULONG_PTR Base,
                                BOOLEAN ReturnSingleEntry, PULONG Context, PULONG ReturnLength)
{
    POBJECT_DIRECTORY dir = Directory;
    ULONG used = sizeof(OBJECT_DIRECTORY_INFORMATION), need = 0, count = 0;
    PLIST_ENTRY first, e;
    NTSTATUS status = STATUS_SUCCESS;

    ObpLockNamespace();
    first = ObpDirectoryEntryAt(dir, *Context);
    for (e = first; e != &dir->Entries && !(ReturnSingleEntry && count == 1); e = e->Flink) {
        need = ObpDirectoryEntrySize(CONTAINING_RECORD(e, OBJECT_HEADER, DirectoryLink));
        if (used + need > Length)
            break;
        used += need;
        count++;
    }
    if (first == &dir->Entries) {
        status = STATUS_NO_MORE_ENTRIES;
        used = 0;
    } else if (count == 0) {
        status = STATUS_BUFFER_TOO_SMALL;
        used += need;
    } else {
        ObpFillDirectoryInformation(first, count, Buffer, Base);
        *Context += count;
        if (e != &dir->Entries && !ReturnSingleEntry)
            status = STATUS_MORE_ENTRIES;
    }
    ObpUnlockNamespace();
    *ReturnLength = used;
    return status;
}

/* Names can only leave a directory once it is unreachable, and each name's
   object holds a reference on it, so a directory dies empty. */
static VOID ObpDeleteDirectory(PVOID Object)
{
    POBJECT_DIRECTORY dir = Object;

    ASSERT(dir->Count == 0 && IsListEmpty(&dir->Entries));
}

static NTSTATUS ObpCheckInsert(POBJECT_HEADER Header, PCSTRING Name, PHANDLE_TABLE Table,
                               PHANDLE Handle)
{
    if ((Table == NULL) != (Handle == NULL) || (Name == NULL && Table == NULL))
        return STATUS_INVALID_PARAMETER;
    /* A temporary name leaves at its last handle's close: with no handle
       it could never leave. */
    if (Name != NULL && Table == NULL && !(Header->Flags & OB_FLAG_PERMANENT))
        return STATUS_INVALID_PARAMETER;
    return STATUS_SUCCESS;
}

/* Names a new object and counts its handle to be; the unnamed case just
   counts the handle. */
static NTSTATUS ObpInsertName(PVOID Object, PCSTRING Name, BOOLEAN CountHandle)
{
    POBJECT_HEADER h = OBJECT_TO_OBJECT_HEADER(Object);
    PVOID found;

    if (Name != NULL)
        return ObpLookupObjectName(Name, NULL, 0, NULL, Object, CountHandle, &found);
    ObpLockNamespace();
    h->Flags |= OB_FLAG_INSERTED;
    if (CountHandle)
        ObpIncrementHandleCount(h);
    ObpUnlockNamespace();
    return STATUS_SUCCESS;
}

/*
 * Makes a new object reachable: names it Name (optional, a complete path
 * whose last component is the new name) and, with Table, gives it a handle
 * there with DesiredAccess. It consumes the creator's reference from
 * ObCreateObject whether it succeeds or not (a failure deletes the object,
 * as NT's ObInsertObject does); ReferencedObject (optional) gets a new
 * reference for the caller. At least one of Name and Table is needed, and
 * a temporary named object needs a handle.
 */
NTSTATUS ObInsertObjectInTable(PVOID Object, PCSTRING Name, ACCESS_MASK DesiredAccess,
                               PHANDLE_TABLE Table, PVOID *ReferencedObject, PHANDLE Handle)
{
    POBJECT_HEADER h = ObpCheckHeader(Object);
    ACCESS_MASK granted = ObpMapDesiredAccess(h->Type, DesiredAccess);
    NTSTATUS status;

    ASSERT(!(h->Flags & OB_FLAG_INSERTED));
    status = ObpCheckInsert(h, Name, Table, Handle);
    if (NT_SUCCESS(status))
        status = ObpInsertName(Object, Name, Table != NULL);
    if (!NT_SUCCESS(status)) {
        ObDereferenceObject(Object);
        return status;
    }
    if (Table != NULL) {
        status = ObpCreateHandle(Table, Object, granted, Handle);
        if (!NT_SUCCESS(status)) {
            ObpDecrementHandleCount(Table, Object, granted);
            ObDereferenceObject(Object);
            return status;
        }
    }
    if (ReferencedObject != NULL) {
        ObReferenceObject(Object);
        *ReferencedObject = Object;
    }
    ObDereferenceObject(Object);
    return STATUS_SUCCESS;
}

/* A new directory named Name; with Table, a handle to it (see
   ObInsertObjectInTable for what is required). NtCreateDirectoryObject. */
NTSTATUS ObCreateDirectoryObject(PHANDLE_TABLE Table, PCSTRING Name, ULONG Attributes,
                                 ACCESS_MASK DesiredAccess, PHANDLE Handle)
{
    POBJECT_DIRECTORY dir;
    NTSTATUS status;

    status = ObCreateObject(ObDirectoryObjectType, Attributes, sizeof(*dir), (PVOID *)&dir);
    if (!NT_SUCCESS(status))
        return status;
    InitializeListHead(&dir->Entries);
    return ObInsertObjectInTable(dir, Name, DesiredAccess, Table, NULL, Handle);
}

static NTSTATUS ObpCreateDirectoryType(VOID)
{
    OBJECT_TYPE_INITIALIZER init = {
        .PoolTag = OB_TAG_DIRECTORY,
        .GenericMapping = {
            STANDARD_RIGHTS_READ | DIRECTORY_QUERY | DIRECTORY_TRAVERSE,
            STANDARD_RIGHTS_WRITE | DIRECTORY_CREATE_OBJECT | DIRECTORY_CREATE_SUBDIRECTORY,
            STANDARD_RIGHTS_EXECUTE | DIRECTORY_QUERY | DIRECTORY_TRAVERSE,
            DIRECTORY_ALL_ACCESS,
        },
        .ValidAccessMask = DIRECTORY_ALL_ACCESS,
        .DeleteProcedure = ObpDeleteDirectory,
    };

    return ObCreateObjectType("Directory", &init, &ObDirectoryObjectType);
}

static NTSTATUS ObpCreateRootDirectory(VOID)
{
    POBJECT_DIRECTORY root;
    NTSTATUS status;

    status = ObCreateObject(ObDirectoryObjectType, OBJ_PERMANENT, sizeof(*root),
                            (PVOID *)&root);
    if (!NT_SUCCESS(status))
        return status;
    InitializeListHead(&root->Entries);
    OBJECT_TO_OBJECT_HEADER(root)->Flags |= OB_FLAG_INSERTED;
    ObpRootDirectory = root;
    return STATUS_SUCCESS;
}

static NTSTATUS ObpCreateNamedDirectory(PCSTR Path)
{
    STRING name;

    RtlInitString(&name, Path);
    return ObCreateDirectoryObject(NULL, &name, OBJ_PERMANENT, 0, NULL);
}

/* The step that failed, for the bugcheck. */
static VOID ObpInitStep(ULONG Step, NTSTATUS Status)
{
    if (!NT_SUCCESS(Status))
        KeBugCheckEx(OBJECT_INITIALIZATION_FAILED, Step, (ULONG_PTR)Status, 0, 0);
}

/* The object manager at boot: its two types, `\` and the directories every
   later subsystem expects. Failing here bugchecks: nothing can run. */
VOID ObInitSystem(VOID)
{
    STRING dos;

    ObpInitStep(1, ObpCreateDirectoryType());
    ObpInitStep(2, ObpCreateSymbolicLinkType());
    ObpInitStep(3, ObpCreateRootDirectory());
    ObpInitStep(4, ObpCreateNamedDirectory("\\Device"));
    ObpInitStep(5, ObpCreateNamedDirectory("\\Driver"));
    ObpInitStep(6, ObpCreateNamedDirectory("\\DosDevices"));
    ObpInitStep(7, ObpCreateNamedDirectory("\\Windows"));
    RtlInitString(&dos, "\\DosDevices");
    ObpInitStep(8, ObReferenceObjectByName(&dos, ObDirectoryObjectType, NULL,
                                           (PVOID *)&ObpDosDevicesDirectory));
}
