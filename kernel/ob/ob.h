/*
 * ob.h - the object manager: typed, reference-counted objects; the
 * namespace of directories and symbolic links; handle tables; and the
 * drive map, kept in step with the links named \DosDevices\X:.
 *
 * Interface:
 *   object.c    ObCreateObjectType, ObDeleteObjectType, ObCreateObject,
 *               ObReferenceObject, ObReferenceObjectByPointer,
 *               ObDereferenceObject, ObMakeTemporaryObject, ObGetObjectType
 *   namespace.c ObInitSystem, ObInsertObjectInTable, ObCreateDirectoryObject,
 *               ObQueryDirectoryObject, ObDirectoryObjectType, ObQueryNameString,
 *               ObpLockNamespace, ObpUnlockNamespace
 *   lookup.c    ObReferenceObjectByName, ObOpenObjectByNameInTable
 *   symlink.c   ObSymbolicLinkObjectType, ObCreateSymbolicLinkObject,
 *               ObQuerySymbolicLinkTarget, ObQueryDriveMap
 *   ntob.c      NtCreate/Open/QueryDirectoryObject,
 *               NtCreate/Open/QuerySymbolicLinkObject, NtMakeTemporaryObject
 *   handle.c    ObCreateHandleTable, ObDestroyHandleTable, ObCloseHandleInTable,
 *               ObReferenceObjectByHandleInTable, ObQueryHandleTableCount,
 *               ObSnapshotHandleTable, ObpLockHandleTable, ObpUnlockHandleTable
 *   obhandle.c  ObReferenceObjectByHandle, ObCloseHandle, ObInsertObject,
 *               ObOpenObjectByName, ObOpenObjectByPointer: the caller's
 *               process's table, or the kernel's (OBJ_KERNEL_HANDLE)
 *
 * The functions that end in "InTable" take the table explicitly (the host
 * tests build them alone); obhandle.c's wrappers choose the table the way
 * a native call needs it.
 *
 * References. An object lives while its PointerCount is above 0. Each of
 * these holds one pointer reference: the creator (from ObCreateObject until
 * ObInsertObjectInTable consumes it), every ObReference* that succeeded,
 * every handle, and the object's name while it is in a directory. At 0 the
 * type's DeleteProcedure runs and the memory goes back to the pool.
 *
 * Names. A named object is permanent (OBJ_PERMANENT) or temporary. A
 * temporary object's name leaves its directory when its LAST HANDLE closes
 * (not at its last pointer reference), as NT's ObpDeleteNameCheck does; a
 * permanent one keeps its name until ObMakeTemporaryObject, which removes
 * it at once if no handle is open, or at the last handle's close if one is.
 * A name is one component stored in its parent directory; names compare
 * without case.
 *
 * Locks, and the one rule for both: no type procedure (Delete, Close,
 * Parse) is ever called with either lock held, and no object is
 * dereferenced to 0 with either held. The wrappers (ObpLockNamespace, ...)
 * sit on spinlocks today and become mutexes once threads exist.
 *   - the namespace lock: every directory's entries, each header's name
 *     fields, Flags and HandleCount, each type's handle total, and the
 *     drive map;
 *   - one lock per handle table: that table's entries.
 * The two are never held together.
 */
#ifndef OB_H
#define OB_H

#include "ntdef.h"
#include "obtypes.h"
#include "ke/ke.h"
#include "mm/mm.h"
#include "rtl/rtl.h"

/* NT's bugcheck for a failed object-manager start (parameters: the step,
   the status), until kernel/ke/ke.h lists it. */
#ifndef OBJECT_INITIALIZATION_FAILED
#define OBJECT_INITIALIZATION_FAILED    0x0000005E
#endif

/* Limits. A complete name (and what a reparse makes of it) is at most
   OB_MAX_PATH bytes; a lookup follows at most OB_MAX_REPARSE links. */
#define OB_MAX_PATH         512
#define OB_MAX_REPARSE      32
#define OB_MAX_TYPE_NAME    24

/* NtQueryDirectoryObject stages its answer in pool before the copy to the
   caller (the namespace lock is not held across a user copy): at most this
   much a call; a bigger buffer gets STATUS_MORE_ENTRIES and goes on from
   its Context. One entry always fits: a name and a type name are shorter. */
#define OB_MAX_QUERY_BUFFER 8192

/* Pool tags. Objects use their type's tag ('ObDi', 'ObSy', or the one a
   type's creator chose); the object manager's own blocks use these. */
#define OB_TAG_TYPE         POOL_TAG('O', 'b', 'T', 'y')
#define OB_TAG_NAME         POOL_TAG('O', 'b', 'N', 'm')
#define OB_TAG_HANDLE_TABLE POOL_TAG('O', 'b', 'H', 't')
#define OB_TAG_HANDLE_ENTRY POOL_TAG('O', 'b', 'H', 'e')
#define OB_TAG_DIRECTORY    POOL_TAG('O', 'b', 'D', 'i')
#define OB_TAG_SYMLINK      POOL_TAG('O', 'b', 'S', 'y')
#define OB_TAG_QUERY        POOL_TAG('O', 'b', 'Q', 'y')

typedef struct _OBJECT_TYPE OBJECT_TYPE, *POBJECT_TYPE;
typedef struct _HANDLE_TABLE HANDLE_TABLE, *PHANDLE_TABLE;

/*
 * Type procedures. Each runs with no object-manager lock held.
 *  Delete: the object's last pointer reference went; free what it owns.
 *  Close:  a handle to it in Table was closed; HandleCount is the
 *          object's handle count BEFORE this close (1: the last one), as
 *          in NT, where the I/O manager sends IRP_MJ_CLEANUP on 1.
 *  Parse:  a lookup reached this object (found by name, not through a
 *          handle) with RemainingName left, which may be empty or starts
 *          with '\'. It returns a referenced *Object (any type) or an
 *          error. The lookup holds a reference on ParseObject meanwhile.
 *          Unlike NT's, it cannot return STATUS_REPARSE to restart the
 *          lookup with a new name: nothing in irplab needs that yet.
 */
typedef VOID (*OB_DELETE_METHOD)(PVOID Object);
typedef VOID (*OB_CLOSE_METHOD)(PHANDLE_TABLE Table, PVOID Object, ACCESS_MASK GrantedAccess,
                                ULONG HandleCount);
typedef NTSTATUS (*OB_PARSE_METHOD)(PVOID ParseObject, POBJECT_TYPE ObjectType,
                                    ACCESS_MASK DesiredAccess, PVOID ParseContext,
                                    PSTRING RemainingName, PVOID *Object);

typedef struct _OBJECT_TYPE_INITIALIZER {
    ULONG PoolTag;                  /* every object of the type */
    GENERIC_MAPPING GenericMapping;
    ACCESS_MASK ValidAccessMask;    /* standard rights are always valid */
    OB_DELETE_METHOD DeleteProcedure;   /* each procedure is optional */
    OB_CLOSE_METHOD CloseProcedure;
    OB_PARSE_METHOD ParseProcedure;
} OBJECT_TYPE_INITIALIZER;

struct _OBJECT_TYPE {
    CHAR Name[OB_MAX_TYPE_NAME];    /* fixed at creation */
    OBJECT_TYPE_INITIALIZER TypeInfo;
    LONG TotalNumberOfObjects;      /* atomic */
    LONG TotalNumberOfHandles;      /* namespace lock */
};

/* Header Flags. */
#define OB_FLAG_PERMANENT   0x01    /* the name stays with no handle open */
#define OB_FLAG_INSERTED    0x02    /* ObInsertObjectInTable has run */

#define OB_HEADER_SIGNATURE 0x6448624Fu     /* "ObHd"; 0 once deleted */

/* What sits in front of every object body. */
typedef struct _OBJECT_HEADER {
    LONG PointerCount;      /* atomic; below 0 bugchecks REFERENCE_BY_POINTER */
    ULONG Signature;        /* OB_HEADER_SIGNATURE while the object lives */
    POBJECT_TYPE Type;      /* fixed at creation */

    /* The namespace lock must be held for these: */
    LONG HandleCount;
    ULONG Flags;                        /* OB_FLAG_* */
    struct _OBJECT_DIRECTORY *Directory; /* holds the name; NULL when unnamed */
    STRING Name;                        /* one component; buffer tagged 'ObNm' */
    LIST_ENTRY DirectoryLink;           /* in Directory->Entries */

    UCHAR Body[] __attribute__((aligned(8)));
} OBJECT_HEADER, *POBJECT_HEADER;

#define OBJECT_TO_OBJECT_HEADER(o) CONTAINING_RECORD((o), OBJECT_HEADER, Body)

/* A directory object's body. A name in it holds a pointer reference on its
   object; the object holds one on the directory. */
typedef struct _OBJECT_DIRECTORY {
    /* The namespace lock must be held for these: */
    LIST_ENTRY Entries;     /* OBJECT_HEADER.DirectoryLink, newest last */
    ULONG Count;
} OBJECT_DIRECTORY, *POBJECT_DIRECTORY;

/* A symbolic link's body. Target is fixed at creation and lies right after
   the body in the same block, so it needs no lock to read. */
typedef struct _OBJECT_SYMBOLIC_LINK {
    STRING Target;          /* absolute: starts with '\' */
} OBJECT_SYMBOLIC_LINK, *POBJECT_SYMBOLIC_LINK;

/* One slot of a handle table. */
typedef struct _HANDLE_TABLE_ENTRY {
    PVOID Object;               /* the body; NULL when the slot is free */
    ACCESS_MASK GrantedAccess;  /* when in use */
    ULONG NextFree;             /* when free: next free slot + 1, 0 ends */
} HANDLE_TABLE_ENTRY, *PHANDLE_TABLE_ENTRY;

/* A handle table, owned by whoever created it (each process, later). */
struct _HANDLE_TABLE {
    KSPIN_LOCK Lock;        /* LockRankObHandleTable: under the namespace lock, above Mm's */
    KIRQL LockIrql;         /* what ObpLockHandleTable raised from */

    /* Lock must be held for these: */
    PHANDLE_TABLE_ENTRY Entries;    /* tagged 'ObHe'; grows by doubling */
    ULONG Capacity;
    ULONG HandleCount;              /* slots in use */
    ULONG FreeHead;                 /* first free slot + 1, 0 when none */
};

/* object.c */
NTSTATUS ObCreateObjectType(PCSTR Name, const OBJECT_TYPE_INITIALIZER *Initializer,
                            POBJECT_TYPE *ObjectType);
NTSTATUS ObDeleteObjectType(POBJECT_TYPE ObjectType);
NTSTATUS ObCreateObject(POBJECT_TYPE ObjectType, ULONG Attributes, ULONG BodySize,
                        PVOID *Object);
VOID ObReferenceObject(PVOID Object);
NTSTATUS ObReferenceObjectByPointer(PVOID Object, POBJECT_TYPE ObjectType);
VOID ObDereferenceObject(PVOID Object);
VOID ObMakeTemporaryObject(PVOID Object);
POBJECT_TYPE ObGetObjectType(PVOID Object);
ACCESS_MASK ObpMapDesiredAccess(POBJECT_TYPE ObjectType, ACCESS_MASK DesiredAccess);
POBJECT_HEADER ObpCheckHeader(PVOID Object);
VOID ObpIncrementHandleCount(POBJECT_HEADER Header);
VOID ObpDecrementHandleCount(PHANDLE_TABLE Table, PVOID Object, ACCESS_MASK GrantedAccess);

/* namespace.c */
extern POBJECT_TYPE ObDirectoryObjectType;
extern POBJECT_DIRECTORY ObpRootDirectory;
extern POBJECT_DIRECTORY ObpDosDevicesDirectory;
VOID ObInitSystem(VOID);
NTSTATUS ObInsertObjectInTable(PVOID Object, PCSTRING Name, ACCESS_MASK DesiredAccess,
                               PHANDLE_TABLE Table, PVOID *ReferencedObject, PHANDLE Handle);
NTSTATUS ObCreateDirectoryObject(PHANDLE_TABLE Table, PCSTRING Name, ULONG Attributes,
                                 ACCESS_MASK DesiredAccess, PHANDLE Handle);
NTSTATUS ObQueryDirectoryObject(PVOID Directory, PVOID Buffer, ULONG Length, ULONG_PTR Base,
                                BOOLEAN ReturnSingleEntry, PULONG Context, PULONG ReturnLength);
VOID ObQueryNameString(PVOID Object, PCHAR Buffer, ULONG Size);
VOID ObpLockNamespace(VOID);
VOID ObpUnlockNamespace(VOID);
BOOLEAN ObpNamespaceLocked(VOID);
POBJECT_HEADER ObpFindEntryDirectory(POBJECT_DIRECTORY Directory, PCSTRING Name);
NTSTATUS ObpInsertEntryDirectory(POBJECT_DIRECTORY Directory, PCSTRING Name,
                                 POBJECT_HEADER Header);
POBJECT_DIRECTORY ObpDeleteNameCheck(POBJECT_HEADER Header);
VOID ObpReleaseName(PVOID Object, POBJECT_DIRECTORY Directory);

/* lookup.c */
NTSTATUS ObReferenceObjectByName(PCSTRING Name, POBJECT_TYPE ObjectType, PVOID ParseContext,
                                 PVOID *Object);
NTSTATUS ObOpenObjectByNameInTable(PHANDLE_TABLE Table, PCSTRING Name, POBJECT_TYPE ObjectType,
                                   ACCESS_MASK DesiredAccess, PVOID ParseContext,
                                   PHANDLE Handle);
NTSTATUS ObpCheckName(PCSTRING Name);
NTSTATUS ObpLookupObjectName(PCSTRING Name, POBJECT_TYPE ObjectType, ACCESS_MASK DesiredAccess,
                             PVOID ParseContext, PVOID InsertObject, BOOLEAN CountHandle,
                             PVOID *Object);

/* symlink.c */
extern POBJECT_TYPE ObSymbolicLinkObjectType;
NTSTATUS ObpCreateSymbolicLinkType(VOID);
NTSTATUS ObCreateSymbolicLinkObject(PHANDLE_TABLE Table, PCSTRING Name, ULONG Attributes,
                                    ACCESS_MASK DesiredAccess, PCSTRING Target, PHANDLE Handle);
NTSTATUS ObQuerySymbolicLinkTarget(PVOID Link, PSTRING Target, PULONG ReturnedLength);
VOID ObQueryDriveMap(POB_DRIVE_MAP DriveMap);
VOID ObpDriveMapNameInserted(POBJECT_HEADER Header);
VOID ObpDriveMapNameRemoved(POBJECT_HEADER Header);

/* obhandle.c */
NTSTATUS ObReferenceObjectByHandle(HANDLE Handle, ACCESS_MASK DesiredAccess,
                                   POBJECT_TYPE ObjectType, KPROCESSOR_MODE Mode,
                                   PVOID *Object, PACCESS_MASK GrantedAccess);
NTSTATUS ObCloseHandle(HANDLE Handle, KPROCESSOR_MODE Mode);
NTSTATUS ObInsertObject(PVOID Object, PCSTRING Name, ULONG Attributes, ACCESS_MASK DesiredAccess,
                        PVOID *ReferencedObject, PHANDLE Handle);
NTSTATUS ObOpenObjectByName(PCSTRING Name, POBJECT_TYPE ObjectType, ULONG Attributes,
                            ACCESS_MASK DesiredAccess, PVOID ParseContext, PHANDLE Handle);
NTSTATUS ObOpenObjectByPointer(PVOID Object, ULONG Attributes, ACCESS_MASK DesiredAccess,
                               POBJECT_TYPE ObjectType, PHANDLE Handle);
PHANDLE_TABLE ObpHandleTableFor(ULONG Attributes);
HANDLE ObpExternalHandle(HANDLE Handle, ULONG Attributes);

/* handle.c */
NTSTATUS ObCreateHandleTable(PHANDLE_TABLE *Table);
VOID ObDestroyHandleTable(PHANDLE_TABLE Table);
NTSTATUS ObCloseHandleInTable(PHANDLE_TABLE Table, HANDLE Handle);
NTSTATUS ObReferenceObjectByHandleInTable(PHANDLE_TABLE Table, HANDLE Handle,
                                          ACCESS_MASK DesiredAccess, POBJECT_TYPE ObjectType,
                                          PVOID *Object, PACCESS_MASK GrantedAccess);
ULONG ObQueryHandleTableCount(PHANDLE_TABLE Table);
typedef struct _OB_HANDLE_SNAPSHOT {
    ULONG ProcessId;            /* the table's owner: filled in by Ps */
    HANDLE Handle;
    PVOID Object;               /* referenced */
    ACCESS_MASK GrantedAccess;
} OB_HANDLE_SNAPSHOT, *POB_HANDLE_SNAPSHOT;
ULONG ObSnapshotHandleTable(PHANDLE_TABLE Table, POB_HANDLE_SNAPSHOT Out, ULONG Count);
NTSTATUS ObpCreateHandle(PHANDLE_TABLE Table, PVOID Object, ACCESS_MASK GrantedAccess,
                         PHANDLE Handle);
VOID ObpLockHandleTable(PHANDLE_TABLE Table);
VOID ObpUnlockHandleTable(PHANDLE_TABLE Table);

#endif
