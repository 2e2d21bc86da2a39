/*
 * object.c - object types, object creation, pointer references and
 * deletion, handle counts.
 *
 * An object is a block from the pool, tagged with its type's tag: an
 * OBJECT_HEADER and then the body every caller sees. The header is found
 * from the body by subtraction, so every entry point checks its signature
 * first: a pointer that is not a live object bugchecks REFERENCE_BY_POINTER
 * rather than corrupting whatever it points at.
 *
 * Interface: ObCreateObjectType, ObDeleteObjectType, ObCreateObject,
 * ObReferenceObject, ObReferenceObjectByPointer, ObDereferenceObject,
 * ObMakeTemporaryObject, ObGetObjectType; for the rest of kernel/ob,
 * ObpCheckHeader, ObpMapDesiredAccess, ObpIncrementHandleCount and
 * ObpDecrementHandleCount.
 */
#include <string.h>
#include "mm/mm.h"
#include "ob/ob.h"

/* The header of Object, which must be a live object. */
POBJECT_HEADER ObpCheckHeader(PVOID Object)
{
    POBJECT_HEADER h;

    if (Object == NULL)
        KeBugCheckEx(REFERENCE_BY_POINTER, 0, 0, 0, 0);
    h = OBJECT_TO_OBJECT_HEADER(Object);
    if (h->Signature != OB_HEADER_SIGNATURE)
        KeBugCheckEx(REFERENCE_BY_POINTER, 0, (ULONG_PTR)Object, h->Signature, 0);
    return h;
}

NTSTATUS ObCreateObjectType(PCSTR Name, const OBJECT_TYPE_INITIALIZER *Initializer,
                            POBJECT_TYPE *ObjectType)
{
    POBJECT_TYPE t;
    SIZE_T n = Name != NULL ? strlen(Name) : 0;

    if (n == 0 || n >= OB_MAX_TYPE_NAME || Initializer->PoolTag == 0)
        return STATUS_INVALID_PARAMETER;
    t = ExAllocatePoolWithTag(NonPagedPool, sizeof(*t), OB_TAG_TYPE);
    if (t == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    memset(t, 0, sizeof(*t));
    memcpy(t->Name, Name, n);
    t->TypeInfo = *Initializer;
    *ObjectType = t;
    return STATUS_SUCCESS;
}

/* NT never deletes a type; irplab does, so that a test or a torn-down
   subsystem leaves no 'ObTy' block behind. Refused while objects exist. */
NTSTATUS ObDeleteObjectType(POBJECT_TYPE ObjectType)
{
    if (__atomic_load_n(&ObjectType->TotalNumberOfObjects, __ATOMIC_SEQ_CST) != 0)
        return STATUS_INVALID_DEVICE_STATE;
    ExFreePoolWithTag(ObjectType, OB_TAG_TYPE);
    return STATUS_SUCCESS;
}

/* GENERIC_* bits become the type's own rights and MAXIMUM_ALLOWED all of
   them (there are no security descriptors to ask); what the type does not
   know is dropped. */
ACCESS_MASK ObpMapDesiredAccess(POBJECT_TYPE ObjectType, ACCESS_MASK DesiredAccess)
{
    const GENERIC_MAPPING *g = &ObjectType->TypeInfo.GenericMapping;
    ACCESS_MASK valid = ObjectType->TypeInfo.ValidAccessMask | STANDARD_RIGHTS_REQUIRED |
                        SYNCHRONIZE;
    ACCESS_MASK mask = DesiredAccess;

    if (DesiredAccess & GENERIC_READ)
        mask |= g->GenericRead;
    if (DesiredAccess & GENERIC_WRITE)
        mask |= g->GenericWrite;
    if (DesiredAccess & GENERIC_EXECUTE)
        mask |= g->GenericExecute;
    if (DesiredAccess & GENERIC_ALL)
        mask |= g->GenericAll;
    if (DesiredAccess & MAXIMUM_ALLOWED)
        mask |= valid;
    return mask & valid;
}

/* A new object with a zeroed body and one pointer reference (the
   caller's), not yet named and with no handle. OBJ_PERMANENT makes a name
   it is later given stay until ObMakeTemporaryObject. */
NTSTATUS ObCreateObject(POBJECT_TYPE ObjectType, ULONG Attributes, ULONG BodySize,
                        PVOID *Object)
{
    POBJECT_HEADER h;

    if (Attributes & ~(OBJ_PERMANENT | OBJ_CASE_INSENSITIVE))
        return STATUS_INVALID_PARAMETER;
    h = ExAllocatePoolWithTag(NonPagedPool, sizeof(*h) + BodySize,
                              ObjectType->TypeInfo.PoolTag);
    if (h == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    memset(h, 0, sizeof(*h) + BodySize);
    h->PointerCount = 1;
    h->Signature = OB_HEADER_SIGNATURE;
    h->Type = ObjectType;
    h->Flags = (Attributes & OBJ_PERMANENT) ? OB_FLAG_PERMANENT : 0;
    InitializeListHead(&h->DirectoryLink);
    __atomic_add_fetch(&ObjectType->TotalNumberOfObjects, 1, __ATOMIC_SEQ_CST);
    *Object = h->Body;
    return STATUS_SUCCESS;
}

/* The caller must already hold a reference (or the lock that keeps the
   object alive, e.g. the namespace lock for an object found by name). */
VOID ObReferenceObject(PVOID Object)
{
    POBJECT_HEADER h = ObpCheckHeader(Object);
    LONG n = __atomic_add_fetch(&h->PointerCount, 1, __ATOMIC_SEQ_CST);

    if (n <= 1)
        KeBugCheckEx(REFERENCE_BY_POINTER, (ULONG_PTR)h->Type, (ULONG_PTR)Object, n - 1,
                     h->HandleCount);
}

NTSTATUS ObReferenceObjectByPointer(PVOID Object, POBJECT_TYPE ObjectType)
{
    POBJECT_HEADER h = ObpCheckHeader(Object);

    if (ObjectType != NULL && h->Type != ObjectType)
        return STATUS_OBJECT_TYPE_MISMATCH;
    ObReferenceObject(Object);
    return STATUS_SUCCESS;
}

/* The last reference went: the object has no name and no handle left
   (each of those holds a reference), so nobody can reach it. */
static VOID ObpDeleteObject(POBJECT_HEADER Header)
{
    POBJECT_TYPE type = Header->Type;

    if (Header->HandleCount != 0 || Header->Directory != NULL)
        KeBugCheckEx(REFERENCE_BY_POINTER, (ULONG_PTR)type, (ULONG_PTR)Header->Body, 0,
                     Header->HandleCount);
    if (type->TypeInfo.DeleteProcedure != NULL)
        type->TypeInfo.DeleteProcedure(Header->Body);
    __atomic_sub_fetch(&type->TotalNumberOfObjects, 1, __ATOMIC_SEQ_CST);
    Header->Signature = 0;
    ExFreePoolWithTag(Header, type->TypeInfo.PoolTag);
}

/* Drops one reference; the last one deletes the object, so no
   object-manager lock may be held here. */
VOID ObDereferenceObject(PVOID Object)
{
    POBJECT_HEADER h = ObpCheckHeader(Object);
    LONG n = __atomic_sub_fetch(&h->PointerCount, 1, __ATOMIC_SEQ_CST);

    if (n < 0)
        KeBugCheckEx(REFERENCE_BY_POINTER, (ULONG_PTR)h->Type, (ULONG_PTR)Object, n,
                     h->HandleCount);
    if (n == 0) {
        ASSERT(!ObpNamespaceLocked());
        ObpDeleteObject(h);
    }
}

POBJECT_TYPE ObGetObjectType(PVOID Object)
{
    return ObpCheckHeader(Object)->Type;
}

/* Clears OBJ_PERMANENT. With no handle open the name leaves at once;
   otherwise it leaves when the last handle closes. */
VOID ObMakeTemporaryObject(PVOID Object)
{
    POBJECT_HEADER h = ObpCheckHeader(Object);
    POBJECT_DIRECTORY dir;

    ObpLockNamespace();
    h->Flags &= ~OB_FLAG_PERMANENT;
    dir = ObpDeleteNameCheck(h);
    ObpUnlockNamespace();
    if (dir != NULL)
        ObpReleaseName(Object, dir);
}

/* Counts a new handle. Called with the namespace lock held, in the same
   critical section that found or inserted the name, so that a temporary
   name cannot leave between the lookup and the handle. */
VOID ObpIncrementHandleCount(POBJECT_HEADER Header)
{
    ASSERT(ObpNamespaceLocked());
    Header->HandleCount++;
    Header->Type->TotalNumberOfHandles++;
}

/* Uncounts a handle that was closed in Table (or never made it into
   Table), as NT's ObpDecrementHandleCount: the type's CloseProcedure hears
   of it, then a temporary name leaves if that was the last handle. The
   handle's own pointer reference is the caller's to drop. */
VOID ObpDecrementHandleCount(PHANDLE_TABLE Table, PVOID Object, ACCESS_MASK GrantedAccess)
{
    POBJECT_HEADER h = ObpCheckHeader(Object);
    POBJECT_DIRECTORY dir = NULL;
    LONG old;

    ObpLockNamespace();
    old = h->HandleCount--;
    h->Type->TotalNumberOfHandles--;
    ObpUnlockNamespace();
    if (old <= 0)
        KeBugCheckEx(REFERENCE_BY_POINTER, (ULONG_PTR)h->Type, (ULONG_PTR)Object,
                     h->PointerCount, old - 1);
    if (h->Type->TypeInfo.CloseProcedure != NULL)
        h->Type->TypeInfo.CloseProcedure(Table, Object, GrantedAccess, (ULONG)old);
    if (old == 1) {
        ObpLockNamespace();
        dir = ObpDeleteNameCheck(h);
        ObpUnlockNamespace();
    }
    if (dir != NULL)
        ObpReleaseName(Object, dir);
}
