/*
 * test_ob.c - the object manager in the running kernel (test=ob): the
 * namespace ObInitSystem made at boot, objects and their references,
 * handle tables, temporary and permanent names, symbolic links, parse
 * procedures and the drive map. The first case makes two test types and
 * the last deletes them, so the leak audit sees every block come back.
 *
 * The type procedures here take the namespace lock (ObQueryDriveMap): the
 * kernel's spinlock bugchecks SPIN_LOCK_ALREADY_OWNED on a nested acquire,
 * so any procedure called under the lock would stop the run.
 */
#include <string.h>
#include "ob/ob.h"
#include "tests/guest/gtest.h"

#define GT_TAG_THING  POOL_TAG('G', 't', 'T', 'h')
#define GT_TAG_DEVICE POOL_TAG('G', 't', 'D', 'v')

static POBJECT_TYPE GtThingType, GtDeviceType;
static ULONG GtDeletes, GtCloses, GtLastCloseCount;
static CHAR GtParsedRest[OB_MAX_PATH + 1];

static VOID GtThingDelete(PVOID Object)
{
    OB_DRIVE_MAP map;

    ObQueryDriveMap(&map);
    GtDeletes++;
}

static VOID GtThingClose(PHANDLE_TABLE Table, PVOID Object, ACCESS_MASK Granted, ULONG Count)
{
    OB_DRIVE_MAP map;

    ObQueryDriveMap(&map);
    GtCloses++;
    GtLastCloseCount = Count;
}

/* A device-like object: it takes the rest of a path and returns itself. */
static NTSTATUS GtDeviceParse(PVOID ParseObject, POBJECT_TYPE ObjectType, ACCESS_MASK Desired,
                              PVOID Context, PSTRING Rest, PVOID *Object)
{
    OB_DRIVE_MAP map;

    ObQueryDriveMap(&map);
    memcpy(GtParsedRest, Rest->Buffer, Rest->Length);
    GtParsedRest[Rest->Length] = '\0';
    ObReferenceObject(ParseObject);
    *Object = ParseObject;
    return STATUS_SUCCESS;
}

static PSTRING GtS(PCSTR Text)
{
    static STRING s[4];
    static ULONG next;
    PSTRING r = &s[next++ % 4];

    RtlInitString(r, Text);
    return r;
}

/* Looks Name up; keeps the reference only if Object is given. */
static NTSTATUS GtLookup(PCSTR Name, POBJECT_TYPE Type, PVOID *Object)
{
    PVOID o = NULL;
    NTSTATUS status = ObReferenceObjectByName(GtS(Name), Type, NULL, &o);

    if (Object != NULL)
        *Object = o;
    else if (NT_SUCCESS(status))
        ObDereferenceObject(o);
    return status;
}

static NTSTATUS GtNewThing(PCSTR Name, ULONG Attributes, PHANDLE_TABLE Table, PHANDLE Handle,
                           PVOID *Object)
{
    PVOID o;
    NTSTATUS status = ObCreateObject(GtThingType, Attributes, 16, &o);

    if (!NT_SUCCESS(status))
        return status;
    return ObInsertObjectInTable(o, Name ? GtS(Name) : NULL, 0xF, Table, Object, Handle);
}

/* Removes a permanent name: open it, make it temporary, let go. */
static VOID GtUnlink(PCSTR Name)
{
    PVOID o;

    if (!NT_SUCCESS(GtLookup(Name, ObSymbolicLinkObjectType, &o)) &&
        !NT_SUCCESS(GtLookup(Name, NULL, &o))) {
        GT_CHECK(!"name to unlink is missing");
        return;
    }
    ObMakeTemporaryObject(o);
    ObDereferenceObject(o);
}

static ULONG GtDriveMap(UCHAR *Types)
{
    OB_DRIVE_MAP m;

    ObQueryDriveMap(&m);
    if (Types != NULL)
        memcpy(Types, m.DriveType, 26);
    return m.DriveMap;
}

static VOID GtObCreateTypes(VOID)
{
    OBJECT_TYPE_INITIALIZER thing = {
        .PoolTag = GT_TAG_THING, .GenericMapping = { 0x1, 0x2, 0x4, 0xF },
        .ValidAccessMask = 0xF, .DeleteProcedure = GtThingDelete,
        .CloseProcedure = GtThingClose,
    };
    OBJECT_TYPE_INITIALIZER device = { .PoolTag = GT_TAG_DEVICE,
                                       .ParseProcedure = GtDeviceParse };

    GT_CHECK(ObCreateObjectType("GtThing", &thing, &GtThingType) == STATUS_SUCCESS);
    GT_CHECK(ObCreateObjectType("GtDevice", &device, &GtDeviceType) == STATUS_SUCCESS);
}

static VOID GtObBootNamespace(VOID)
{
    static const char *dirs[] = { "\\", "\\Device", "\\Driver", "\\DosDevices", "\\Windows",
                                  "\\dEVICE" };
    PVOID o;
    ULONG i;

    for (i = 0; i < ARRAYSIZE(dirs); i++)
        GT_CHECK(GtLookup(dirs[i], ObDirectoryObjectType, NULL) == STATUS_SUCCESS);
    GT_CHECK(GtLookup("\\DOSDEVICES", NULL, &o) == STATUS_SUCCESS && o == ObpDosDevicesDirectory);
    ObDereferenceObject(o);
    GT_CHECK(GtLookup("\\Device", ObSymbolicLinkObjectType, NULL) == STATUS_OBJECT_TYPE_MISMATCH);
}

static VOID GtObBadAndMissingNames(VOID)
{
    GT_CHECK(GtLookup("", NULL, NULL) == STATUS_OBJECT_NAME_INVALID);
    GT_CHECK(GtLookup("Device", NULL, NULL) == STATUS_OBJECT_PATH_SYNTAX_BAD);
    GT_CHECK(GtLookup("\\Device\\", NULL, NULL) == STATUS_OBJECT_NAME_INVALID);
    GT_CHECK(GtLookup("\\\\Device", NULL, NULL) == STATUS_OBJECT_NAME_INVALID);
    GT_CHECK(GtLookup("\\Device\\\\Null", NULL, NULL) == STATUS_OBJECT_NAME_INVALID);
    GT_CHECK(GtLookup("\\GtNothing", NULL, NULL) == STATUS_OBJECT_NAME_NOT_FOUND);
    GT_CHECK(GtLookup("\\GtNothing\\x", NULL, NULL) == STATUS_OBJECT_PATH_NOT_FOUND);
    GT_CHECK(GtNewThing("\\GtNothing\\x", OBJ_PERMANENT, NULL, NULL, NULL) ==
             STATUS_OBJECT_PATH_NOT_FOUND);
    GT_CHECK(GtNewThing("\\Windows\\GtTemp", 0, NULL, NULL, NULL) == STATUS_INVALID_PARAMETER);
    GT_CHECK(GtDeletes == 2);
    GtDeletes = 0;
}

static VOID GtObReferences(VOID)
{
    PVOID o;
    POBJECT_HEADER h;

    GT_CHECK(ObCreateObject(GtThingType, 0, 16, &o) == STATUS_SUCCESS);
    h = OBJECT_TO_OBJECT_HEADER(o);
    GT_CHECK(h->PointerCount == 1 && h->HandleCount == 0 && ((ULONG_PTR)o & 7) == 0);
    ObReferenceObject(o);
    GT_CHECK(ObReferenceObjectByPointer(o, ObDirectoryObjectType) == STATUS_OBJECT_TYPE_MISMATCH);
    GT_CHECK(h->PointerCount == 2);
    GT_CHECK(ObDeleteObjectType(GtThingType) == STATUS_INVALID_DEVICE_STATE);
    ObDereferenceObject(o);
    GT_CHECK(GtDeletes == 0);
    ObDereferenceObject(o);
    GT_CHECK(GtDeletes == 1);
    GT_CHECK(GtThingType->TotalNumberOfObjects == 0);
    GtDeletes = 0;
}

static VOID GtObHandles(VOID)
{
    static const ULONG_PTR bad[] = { 0, 2, 6, 8, 0x10000, 0xFFFFFFFC };
    PHANDLE_TABLE t;
    HANDLE h;
    PVOID o, got = NULL;
    ULONG i;

    GT_CHECK(ObCreateHandleTable(&t) == STATUS_SUCCESS);
    GT_CHECK(GtNewThing(NULL, 0, t, &h, &o) == STATUS_SUCCESS && (ULONG_PTR)h == 4);
    GT_CHECK(ObReferenceObjectByHandleInTable(t, h, GENERIC_ALL, GtThingType, &got, NULL) ==
             STATUS_SUCCESS && got == o);
    ObDereferenceObject(got);
    GT_CHECK(ObReferenceObjectByHandleInTable(t, h, DELETE, NULL, &got, NULL) ==
             STATUS_ACCESS_DENIED);
    GT_CHECK(ObReferenceObjectByHandleInTable(t, h, 0, ObDirectoryObjectType, &got, NULL) ==
             STATUS_OBJECT_TYPE_MISMATCH);
    for (i = 0; i < ARRAYSIZE(bad); i++) {
        GT_CHECK(ObCloseHandleInTable(t, (HANDLE)bad[i]) == STATUS_INVALID_HANDLE);
        GT_CHECK(ObReferenceObjectByHandleInTable(t, (HANDLE)bad[i], 0, NULL, &got, NULL) ==
                 STATUS_INVALID_HANDLE);
    }
    GT_CHECK(OBJECT_TO_OBJECT_HEADER(o)->PointerCount == 2);
    ObDereferenceObject(o);
    GT_CHECK(ObCloseHandleInTable(t, h) == STATUS_SUCCESS);
    GT_CHECK(ObCloseHandleInTable(t, h) == STATUS_INVALID_HANDLE);
    GT_CHECK(GtCloses == 1 && GtLastCloseCount == 1 && GtDeletes == 1);
    ObDestroyHandleTable(t);
    GtCloses = GtDeletes = 0;
}

/* 300 handles: the table doubles from 8 to 512; destroying it closes all. */
static VOID GtObHandleTableGrows(VOID)
{
    PHANDLE_TABLE t;
    HANDLE h = NULL;
    ULONG i, good = 0;

    GT_CHECK(ObCreateHandleTable(&t) == STATUS_SUCCESS);
    for (i = 0; i < 300; i++)
        good += GtNewThing(NULL, 0, t, &h, NULL) == STATUS_SUCCESS && (ULONG_PTR)h == (i + 1) * 4;
    GT_CHECK(good == 300);
    GT_CHECK(ObQueryHandleTableCount(t) == 300 && t->Capacity == 512);
    GT_CHECK(GtThingType->TotalNumberOfHandles == 300);
    ObDestroyHandleTable(t);
    GT_CHECK(GtCloses == 300 && GtDeletes == 300);
    GT_CHECK(GtThingType->TotalNumberOfHandles == 0 && GtThingType->TotalNumberOfObjects == 0);
    GtCloses = GtDeletes = 0;
}

/* A temporary name leaves at its last handle's close, not its last
   reference's; a permanent one stays until made temporary. */
static VOID GtObTemporaryAndPermanent(VOID)
{
    PHANDLE_TABLE t;
    HANDLE h1, h2;
    PVOID o;

    GT_CHECK(ObCreateHandleTable(&t) == STATUS_SUCCESS);
    GT_CHECK(GtNewThing("\\Windows\\GtTemp", 0, t, &h1, &o) == STATUS_SUCCESS);
    GT_CHECK(ObOpenObjectByNameInTable(t, GtS("\\WINDOWS\\GTTEMP"), GtThingType, 0x1, NULL,
                                       &h2) == STATUS_SUCCESS);
    GT_CHECK(OBJECT_TO_OBJECT_HEADER(o)->HandleCount == 2);
    GT_CHECK(GtNewThing("\\Windows\\gttemp", OBJ_PERMANENT, NULL, NULL, NULL) ==
             STATUS_OBJECT_NAME_COLLISION);
    ObCloseHandleInTable(t, h1);
    GT_CHECK(GtLastCloseCount == 2);
    GT_CHECK(GtLookup("\\Windows\\GtTemp", NULL, NULL) == STATUS_SUCCESS);
    ObCloseHandleInTable(t, h2);
    GT_CHECK(GtLastCloseCount == 1);
    GT_CHECK(GtLookup("\\Windows\\GtTemp", NULL, NULL) == STATUS_OBJECT_NAME_NOT_FOUND);
    GT_CHECK(GtDeletes == 1 && OBJECT_TO_OBJECT_HEADER(o)->PointerCount == 1);  /* the collision */
    ObDereferenceObject(o);
    GT_CHECK(GtNewThing("\\Windows\\GtPerm", OBJ_PERMANENT, t, &h1, NULL) == STATUS_SUCCESS);
    ObCloseHandleInTable(t, h1);
    GT_CHECK(GtLookup("\\Windows\\GtPerm", NULL, &o) == STATUS_SUCCESS);
    ObMakeTemporaryObject(o);
    GT_CHECK(GtLookup("\\Windows\\GtPerm", NULL, NULL) == STATUS_OBJECT_NAME_NOT_FOUND);
    ObDereferenceObject(o);
    GT_CHECK(GtDeletes == 3);
    ObDestroyHandleTable(t);
    GtCloses = GtDeletes = 0;
}

/* \DosDevices\X:\PATH reparses to the link's target + \PATH and the
   device object's parse procedure gets the rest. */
static VOID GtObLinkReparse(VOID)
{
    CHAR buf[64];
    STRING target = { 0, sizeof(buf), buf };
    PVOID dev, o;
    ULONG length;

    GT_CHECK(ObCreateObject(GtDeviceType, OBJ_PERMANENT, 8, &dev) == STATUS_SUCCESS);
    GT_CHECK(ObInsertObjectInTable(dev, GtS("\\Device\\GtRdr"), 0, NULL, NULL, NULL) ==
             STATUS_SUCCESS);
    GT_CHECK(ObCreateSymbolicLinkObject(NULL, GtS("\\DosDevices\\GtX:"), OBJ_PERMANENT, 0,
                                        GtS("\\Device\\GtRdr\\;X:\\SERVER\\VOL"), NULL) ==
             STATUS_SUCCESS);
    GT_CHECK(GtLookup("\\dosdevices\\gtx:\\PATH", NULL, &o) == STATUS_SUCCESS);
    GT_CHECK(strcmp(GtParsedRest, "\\;X:\\SERVER\\VOL\\PATH") == 0);
    ObDereferenceObject(o);
    GT_CHECK(GtLookup("\\DosDevices\\GtX:", ObSymbolicLinkObjectType, &o) == STATUS_SUCCESS);
    GT_CHECK(ObQuerySymbolicLinkTarget(o, &target, &length) == STATUS_SUCCESS);
    GT_CHECK(length == 28 && strcmp(buf, "\\Device\\GtRdr\\;X:\\SERVER\\VOL") == 0);
    ObDereferenceObject(o);
    GtUnlink("\\DosDevices\\GtX:");
    GtUnlink("\\Device\\GtRdr");
}

static VOID GtObLinkLoop(VOID)
{
    GT_CHECK(ObCreateSymbolicLinkObject(NULL, GtS("\\Windows\\GtA"), OBJ_PERMANENT, 0,
                                        GtS("\\Windows\\GtB\\x"), NULL) == STATUS_SUCCESS);
    GT_CHECK(ObCreateSymbolicLinkObject(NULL, GtS("\\Windows\\GtB"), OBJ_PERMANENT, 0,
                                        GtS("\\Windows\\GtA"), NULL) == STATUS_SUCCESS);
    GT_CHECK(GtLookup("\\Windows\\GtA", NULL, NULL) == STATUS_REPARSE_POINT_NOT_RESOLVED);
    GtUnlink("\\Windows\\GtA");
    GtUnlink("\\Windows\\GtB");
}

/* The drive map follows the links named X: in \DosDevices, and a letter
   whose link was made temporary stays while any handle to it is open. */
static VOID GtObDriveMap(VOID)
{
    ULONG before = GtDriveMap(NULL);
    PHANDLE_TABLE t;
    HANDLE owner, cim;
    UCHAR types[26];
    PVOID link;

    GT_CHECK((before & (1u << 23 | 1u << 22)) == 0);
    GT_CHECK(ObCreateHandleTable(&t) == STATUS_SUCCESS);
    GT_CHECK(ObCreateSymbolicLinkObject(t, GtS("\\DosDevices\\x:"), OBJ_PERMANENT,
                                        SYMBOLIC_LINK_ALL_ACCESS,
                                        GtS("\\Device\\NwRdr\\;X:\\SRV\\VOL"), &owner) ==
             STATUS_SUCCESS);
    GT_CHECK(ObCreateSymbolicLinkObject(t, GtS("\\DosDevices\\W:"), 0, 0,
                                        GtS("\\Device\\Harddisk0"), &cim) == STATUS_SUCCESS);
    GT_CHECK(GtDriveMap(types) == (before | 1u << 23 | 1u << 22));
    GT_CHECK(types[23] == DRIVE_REMOTE && types[22] == DRIVE_FIXED);
    ObCloseHandleInTable(t, cim);
    GT_CHECK(GtDriveMap(NULL) == (before | 1u << 23));
    GT_CHECK(ObOpenObjectByNameInTable(t, GtS("\\DosDevices\\X:"), ObSymbolicLinkObjectType,
                                       SYMBOLIC_LINK_QUERY, NULL, &cim) == STATUS_SUCCESS);
    GT_CHECK(ObReferenceObjectByHandleInTable(t, owner, DELETE, ObSymbolicLinkObjectType, &link,
                                              NULL) == STATUS_SUCCESS);
    ObMakeTemporaryObject(link);
    ObDereferenceObject(link);
    ObCloseHandleInTable(t, owner);
    GT_CHECK(GtDriveMap(NULL) == (before | 1u << 23));
    GT_CHECK(ObCreateSymbolicLinkObject(NULL, GtS("\\DosDevices\\X:"), OBJ_PERMANENT, 0,
                                        GtS("\\Device\\NwRdr\\;X:\\SRV\\V2"), NULL) ==
             STATUS_OBJECT_NAME_COLLISION);
    ObCloseHandleInTable(t, cim);
    GT_CHECK(GtDriveMap(types) == before && types[23] == DRIVE_UNKNOWN);
    ObDestroyHandleTable(t);
}

static VOID GtObDeleteTypes(VOID)
{
    GT_CHECK(ObDeleteObjectType(GtThingType) == STATUS_SUCCESS);
    GT_CHECK(ObDeleteObjectType(GtDeviceType) == STATUS_SUCCESS);
}

static const GT_CASE GtObCases[] = {
    { "create_test_types", GtObCreateTypes },
    { "boot_namespace", GtObBootNamespace },
    { "bad_and_missing_names", GtObBadAndMissingNames },
    { "references", GtObReferences },
    { "handles", GtObHandles },
    { "handle_table_grows", GtObHandleTableGrows },
    { "temporary_and_permanent_names", GtObTemporaryAndPermanent },
    { "link_reparse", GtObLinkReparse },
    { "link_loop", GtObLinkLoop },
    { "drive_map", GtObDriveMap },
    { "delete_test_types", GtObDeleteTypes },
};

const GT_SUITE GtObSuite = GT_SUITE_ENTRY("ob", "object manager: names, links, handles, drive map",
                                          GtObCases);
