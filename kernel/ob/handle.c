/*
 * handle.c - handle tables: the handles one owner (a process, later) holds,
 * each naming an object with the access it was granted.
 *
 * A handle is (slot + 1) * 4, as NT's are: a multiple of 4, never 0. Free
 * slots form a list, most recently freed first, so a closed handle's value
 * comes back with the next handle made, as in NT. Anything that is not a
 * handle in use in the table - 0, a value that is not a multiple of 4 (NT
 * ignores the two low bits; irplab refuses them, to catch a corrupted
 * handle), past the table's end, or already closed - gives
 * STATUS_INVALID_HANDLE. The table doubles when full, up to
 * OB_MAX_HANDLES.
 *
 * Every handle holds a pointer reference on its object and is counted in
 * the object's HandleCount; closing one uncounts it (the type's
 * CloseProcedure runs, and a temporary name may leave) and then drops the
 * reference, all after the table's lock is released.
 *
 * Interface: ObCreateHandleTable, ObDestroyHandleTable, ObCloseHandleInTable,
 * ObReferenceObjectByHandleInTable, ObQueryHandleTableCount, ObSnapshotHandleTable;
 * for the rest of
 * kernel/ob, ObpCreateHandle and the lock wrappers.
 */
#include <string.h>
#include "mm/mm.h"
#include "ob/ob.h"

#define OB_FIRST_HANDLES    8
#define OB_MAX_HANDLES      0x10000

/* A handle table's lock. Never held with the namespace lock, nor across a
   type procedure or a dereference. A spinlock today, a mutex once threads
   exist: only these two functions change. */
VOID ObpLockHandleTable(PHANDLE_TABLE Table)
{
    KIRQL irql;

    KeAcquireSpinLock(&Table->Lock, &irql);
    Table->LockIrql = irql;
}

VOID ObpUnlockHandleTable(PHANDLE_TABLE Table)
{
    KeReleaseSpinLock(&Table->Lock, Table->LockIrql);
}

/* Doubles the table; the new slots go on the free list lowest first, so
   handles are handed out in increasing order. Table lock held (or the
   table not yet handed out). */
static NTSTATUS ObpGrowHandleTable(PHANDLE_TABLE Table)
{
    ULONG capacity = Table->Capacity ? Table->Capacity * 2 : OB_FIRST_HANDLES;
    PHANDLE_TABLE_ENTRY entries;
    ULONG i;

    if (capacity > OB_MAX_HANDLES)
        return STATUS_INSUFFICIENT_RESOURCES;
    entries = ExAllocatePoolWithTag(NonPagedPool, capacity * sizeof(*entries),
                                    OB_TAG_HANDLE_ENTRY);
    if (entries == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    if (Table->Entries != NULL) {
        memcpy(entries, Table->Entries, Table->Capacity * sizeof(*entries));
        ExFreePoolWithTag(Table->Entries, OB_TAG_HANDLE_ENTRY);
    }
    for (i = capacity; i-- > Table->Capacity;) {
        entries[i].Object = NULL;
        entries[i].GrantedAccess = 0;
        entries[i].NextFree = Table->FreeHead;
        Table->FreeHead = i + 1;
    }
    Table->Entries = entries;
    Table->Capacity = capacity;
    return STATUS_SUCCESS;
}

NTSTATUS ObCreateHandleTable(PHANDLE_TABLE *Table)
{
    PHANDLE_TABLE t = ExAllocatePoolWithTag(NonPagedPool, sizeof(*t), OB_TAG_HANDLE_TABLE);

    if (t == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    memset(t, 0, sizeof(*t));
    KeInitializeSpinLock(&t->Lock, LockRankObHandleTable, "HANDLE_TABLE.Lock");
    /* The first slots come with the table, so that a table owns one block of
       entries from birth to death: the leak audit then counts tables, and a
       table's first handle does not look like a leak. */
    if (!NT_SUCCESS(ObpGrowHandleTable(t))) {
        ExFreePoolWithTag(t, OB_TAG_HANDLE_TABLE);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    *Table = t;
    return STATUS_SUCCESS;
}

/* Puts Object in a free slot with GrantedAccess; the handle takes its own
   pointer reference. The caller has already counted it in the object's
   HandleCount (ObpIncrementHandleCount). */
NTSTATUS ObpCreateHandle(PHANDLE_TABLE Table, PVOID Object, ACCESS_MASK GrantedAccess,
                         PHANDLE Handle)
{
    NTSTATUS status = STATUS_SUCCESS;
    ULONG i;

    ObpLockHandleTable(Table);
    if (Table->FreeHead == 0)
        status = ObpGrowHandleTable(Table);
    if (NT_SUCCESS(status)) {
        i = Table->FreeHead - 1;
        Table->FreeHead = Table->Entries[i].NextFree;
        Table->Entries[i].Object = Object;
        Table->Entries[i].GrantedAccess = GrantedAccess;
        Table->Entries[i].NextFree = 0;
        Table->HandleCount++;
        ObReferenceObject(Object);
        *Handle = (HANDLE)(ULONG_PTR)((i + 1) * 4);
    }
    ObpUnlockHandleTable(Table);
    return status;
}

/* The slot Handle names, if it is in use. Table lock held. */
static PHANDLE_TABLE_ENTRY ObpLookupHandle(PHANDLE_TABLE Table, HANDLE Handle)
{
    ULONG_PTR value = (ULONG_PTR)Handle;

    if (value == 0 || (value & 3) != 0 || value / 4 > Table->Capacity)
        return NULL;
    return Table->Entries[value / 4 - 1].Object != NULL ? &Table->Entries[value / 4 - 1] : NULL;
}

/* Empties Entry's slot, handing back what it held. Table lock held. */
static VOID ObpFreeHandle(PHANDLE_TABLE Table, PHANDLE_TABLE_ENTRY Entry, PVOID *Object,
                          PACCESS_MASK GrantedAccess)
{
    *Object = Entry->Object;
    *GrantedAccess = Entry->GrantedAccess;
    Entry->Object = NULL;
    Entry->GrantedAccess = 0;
    Entry->NextFree = Table->FreeHead;
    Table->FreeHead = (ULONG)(Entry - Table->Entries) + 1;
    Table->HandleCount--;
}

NTSTATUS ObCloseHandleInTable(PHANDLE_TABLE Table, HANDLE Handle)
{
    PHANDLE_TABLE_ENTRY entry;
    ACCESS_MASK granted;
    PVOID object;

    ObpLockHandleTable(Table);
    entry = ObpLookupHandle(Table, Handle);
    if (entry == NULL) {
        ObpUnlockHandleTable(Table);
        return STATUS_INVALID_HANDLE;
    }
    ObpFreeHandle(Table, entry, &object, &granted);
    ObpUnlockHandleTable(Table);
    ObpDecrementHandleCount(Table, object, granted);
    ObDereferenceObject(object);
    return STATUS_SUCCESS;
}

/* The type first, then the access, as NT checks them. Table lock held. */
static NTSTATUS ObpCheckHandleAccess(PHANDLE_TABLE_ENTRY Entry, ACCESS_MASK DesiredAccess,
                                     POBJECT_TYPE ObjectType)
{
    POBJECT_TYPE type = ObGetObjectType(Entry->Object);

    if (ObjectType != NULL && type != ObjectType)
        return STATUS_OBJECT_TYPE_MISMATCH;
    if (ObpMapDesiredAccess(type, DesiredAccess) & ~Entry->GrantedAccess)
        return STATUS_ACCESS_DENIED;
    return STATUS_SUCCESS;
}

/*
 * A referenced pointer to the object Handle names in Table. ObjectType
 * (optional) must be its type, else STATUS_OBJECT_TYPE_MISMATCH; every
 * right DesiredAccess asks for (GENERIC_* mapped by the type) must have
 * been granted to the handle, else STATUS_ACCESS_DENIED. GrantedAccess
 * (optional) gets the handle's access.
 */
NTSTATUS ObReferenceObjectByHandleInTable(PHANDLE_TABLE Table, HANDLE Handle,
                                          ACCESS_MASK DesiredAccess, POBJECT_TYPE ObjectType,
                                          PVOID *Object, PACCESS_MASK GrantedAccess)
{
    PHANDLE_TABLE_ENTRY entry;
    NTSTATUS status;

    ObpLockHandleTable(Table);
    entry = ObpLookupHandle(Table, Handle);
    status = entry != NULL ? ObpCheckHandleAccess(entry, DesiredAccess, ObjectType)
                           : STATUS_INVALID_HANDLE;
    if (NT_SUCCESS(status)) {
        ObReferenceObject(entry->Object);
        *Object = entry->Object;
        if (GrantedAccess != NULL)
            *GrantedAccess = entry->GrantedAccess;
    }
    ObpUnlockHandleTable(Table);
    return status;
}

/* The handles in use, lowest first: each object referenced for the caller
   (who dereferences it with no lock held). Fills at most Count entries of
   Out; returns how many handles there are. */
ULONG ObSnapshotHandleTable(PHANDLE_TABLE Table, POB_HANDLE_SNAPSHOT Out, ULONG Count)
{
    ULONG i, n = 0;

    ObpLockHandleTable(Table);
    for (i = 0; i < Table->Capacity; i++) {
        PHANDLE_TABLE_ENTRY entry = &Table->Entries[i];

        if (entry->Object == NULL)
            continue;
        if (n < Count) {
            Out[n].Handle = (HANDLE)(ULONG_PTR)((i + 1) * 4);
            Out[n].Object = entry->Object;
            Out[n].GrantedAccess = entry->GrantedAccess;
            ObReferenceObject(entry->Object);
        }
        n++;
    }
    ObpUnlockHandleTable(Table);
    return n;
}

ULONG ObQueryHandleTableCount(PHANDLE_TABLE Table)
{
    ULONG n;

    ObpLockHandleTable(Table);
    n = Table->HandleCount;
    ObpUnlockHandleTable(Table);
    return n;
}

/* Takes any handle out of Table; FALSE when none is left. */
static BOOLEAN ObpTakeAnyHandle(PHANDLE_TABLE Table, PVOID *Object, PACCESS_MASK GrantedAccess)
{
    ULONG i;

    ObpLockHandleTable(Table);
    for (i = Table->Capacity; i-- > 0;) {
        if (Table->Entries[i].Object != NULL) {
            ObpFreeHandle(Table, &Table->Entries[i], Object, GrantedAccess);
            ObpUnlockHandleTable(Table);
            return TRUE;
        }
    }
    ObpUnlockHandleTable(Table);
    return FALSE;
}

/* Closes every handle still open, newest slot first, and frees the table:
   the owner's last act with it (process exit), so nobody else may be
   using it. A close procedure may still make handles in other tables. */
VOID ObDestroyHandleTable(PHANDLE_TABLE Table)
{
    ACCESS_MASK granted;
    PVOID object;

    while (ObpTakeAnyHandle(Table, &object, &granted)) {
        ObpDecrementHandleCount(Table, object, granted);
        ObDereferenceObject(object);
    }
    if (Table->Entries != NULL)
        ExFreePoolWithTag(Table->Entries, OB_TAG_HANDLE_ENTRY);
    ExFreePoolWithTag(Table, OB_TAG_HANDLE_TABLE);
}
