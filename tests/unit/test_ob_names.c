/*
 * test_ob_names.c - the object manager's namespace on the host: names and
 * their errors, temporary and permanent objects, symbolic links and their
 * reparse, parse procedures, and the drive map. kernel/ob over
 * kernel/mm/pool.c over glibc's malloc, kernel calls replaced here; each
 * test ends by checking that every pool tag is back where it started.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "ob/ob.h"

/* No test here means to bugcheck: fail_msg ends the test. */
VOID KeBugCheckEx(ULONG Code, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3, ULONG_PTR P4)
{
    fail_msg("bugcheck 0x%lx (0x%lx)", (unsigned long)Code, (unsigned long)P1);
    abort();
}

#define TAG_THING  POOL_TAG('T', 's', 'T', 'h')
#define TAG_DEVICE POOL_TAG('T', 's', 'D', 'v')

static POBJECT_TYPE ThingType, DeviceType;
static PHANDLE_TABLE Table;
static int Closes;
static CHAR ParsedRest[OB_MAX_PATH + 1];
static NTSTATUS ParseResult;       /* what DeviceParse fails with */
static BOOLEAN ParseFindsNothing;   /* DeviceParse succeeds with no object */

static VOID ThingClose(PHANDLE_TABLE T, PVOID Object, ACCESS_MASK Granted, ULONG HandleCount)
{
    Closes++;
}

/* A device-like type: a lookup that reaches one hands it the rest of the
   path. It records the rest and returns itself (or ParseResult). It must
   be called with no lock held: taking the namespace lock proves it. */
static NTSTATUS DeviceParse(PVOID ParseObject, POBJECT_TYPE ObjectType, ACCESS_MASK Desired,
                            PVOID Context, PSTRING Rest, PVOID *Object)
{
    OB_DRIVE_MAP map;

    ObQueryDriveMap(&map);
    memcpy(ParsedRest, Rest->Buffer, Rest->Length);
    ParsedRest[Rest->Length] = '\0';
    if (!NT_SUCCESS(ParseResult) || ParseFindsNothing)
        return ParseResult;
    ObReferenceObject(ParseObject);
    *Object = ParseObject;
    return STATUS_SUCCESS;
}

static PSTRING S(PCSTR Text)
{
    static STRING s[4];
    static int next;
    PSTRING r = &s[next++ % 4];

    RtlInitString(r, Text);
    return r;
}

static NTSTATUS Lookup(PCSTR Name, POBJECT_TYPE Type, PVOID *Object)
{
    PVOID o = NULL;
    NTSTATUS status = ObReferenceObjectByName(S(Name), Type, NULL, &o);

    if (NT_SUCCESS(status) && Object == NULL)
        ObDereferenceObject(o);
    else if (Object != NULL)
        *Object = o;
    return status;
}

static NTSTATUS NewNamedThing(PCSTR Name, ULONG Attributes, PHANDLE Handle, PVOID *Object)
{
    PVOID o;

    assert_int_equal(ObCreateObject(ThingType, Attributes, 8, &o), STATUS_SUCCESS);
    return ObInsertObjectInTable(o, S(Name), 0, Handle ? Table : NULL, Object, Handle);
}

static NTSTATUS Link(PCSTR Name, PCSTR Target, ULONG Attributes, PHANDLE Handle)
{
    return ObCreateSymbolicLinkObject(Handle ? Table : NULL, S(Name), Attributes,
                                      SYMBOLIC_LINK_ALL_ACCESS, S(Target), Handle);
}

/* Deletes a permanent object by name, as NtMakeTemporaryObject + close. */
static VOID Unlink(PCSTR Name)
{
    PVOID o;

    assert_true(Lookup(Name, ObSymbolicLinkObjectType, &o) == STATUS_SUCCESS ||
                Lookup(Name, NULL, &o) == STATUS_SUCCESS);
    ObMakeTemporaryObject(o);
    ObDereferenceObject(o);
}

static ULONG DriveMap(UCHAR *Types)
{
    OB_DRIVE_MAP m;

    ObQueryDriveMap(&m);
    if (Types != NULL)
        memcpy(Types, m.DriveType, 26);
    return m.DriveMap;
}

static POOL_TRACKER Baseline[128];
static ULONG BaselineCount;

static ULONG Outstanding(const POOL_TRACKER *t, ULONG n, ULONG Tag)
{
    ULONG i;

    for (i = 0; i < n; i++) {
        if (t[i].Tag == Tag)
            return t[i].Allocs - t[i].Frees;
    }
    return 0;
}

static int Setup(void **state)
{
    BaselineCount = ExQueryPoolTags(Baseline, 128);
    Closes = 0;
    ParseResult = STATUS_SUCCESS;
    ParseFindsNothing = FALSE;
    return ObCreateHandleTable(&Table) == STATUS_SUCCESS ? 0 : -1;
}

static int Teardown(void **state)
{
    POOL_TRACKER now[128];
    ULONG n, i;

    ObDestroyHandleTable(Table);
    n = ExQueryPoolTags(now, 128);
    for (i = 0; i < n; i++)
        assert_int_equal(now[i].Allocs - now[i].Frees,
                         Outstanding(Baseline, BaselineCount, now[i].Tag));
    assert_int_equal(DriveMap(NULL), 0);
    return 0;
}

static int GroupSetup(void **state)
{
    OBJECT_TYPE_INITIALIZER thing = { .PoolTag = TAG_THING, .ValidAccessMask = 0xF,
                                      .GenericMapping = { 0x1, 0x2, 0x4, 0xF },
                                      .CloseProcedure = ThingClose };
    OBJECT_TYPE_INITIALIZER device = { .PoolTag = TAG_DEVICE, .ParseProcedure = DeviceParse };

    ObInitSystem();
    if (ObCreateObjectType("Thing", &thing, &ThingType) != STATUS_SUCCESS)
        return -1;
    return ObCreateObjectType("Device", &device, &DeviceType) == STATUS_SUCCESS ? 0 : -1;
}

static void init_makes_the_directories(void **state)
{
    static const char *names[] = { "\\", "\\Device", "\\Driver", "\\DosDevices", "\\Windows",
                                   "\\DEVICE", "\\dosdevices" };
    PVOID o;
    ULONG i;

    for (i = 0; i < ARRAYSIZE(names); i++) {
        assert_int_equal(Lookup(names[i], ObDirectoryObjectType, &o), STATUS_SUCCESS);
        ObDereferenceObject(o);
    }
    assert_int_equal(Lookup("\\", NULL, &o), STATUS_SUCCESS);
    assert_ptr_equal(o, ObpRootDirectory);
    ObDereferenceObject(o);
    assert_int_equal(Lookup("\\DosDevices", NULL, &o), STATUS_SUCCESS);
    assert_ptr_equal(o, ObpDosDevicesDirectory);
    ObDereferenceObject(o);
    assert_int_equal(ObpRootDirectory->Count, 4);
    assert_int_equal(Lookup("\\Device", ObSymbolicLinkObjectType, NULL),
                     STATUS_OBJECT_TYPE_MISMATCH);
}

static void bad_names_are_refused(void **state)
{
    static const struct { const char *Name; NTSTATUS Status; } cases[] = {
        { "", STATUS_OBJECT_NAME_INVALID },
        { "Device", STATUS_OBJECT_PATH_SYNTAX_BAD },
        { "Device\\Null", STATUS_OBJECT_PATH_SYNTAX_BAD },
        { "\\\\", STATUS_OBJECT_NAME_INVALID },
        { "\\Device\\", STATUS_OBJECT_NAME_INVALID },
        { "\\\\Device", STATUS_OBJECT_NAME_INVALID },
        { "\\Device\\\\Null", STATUS_OBJECT_NAME_INVALID },
    };
    CHAR longname[OB_MAX_PATH + 2];
    STRING withnul = { 8, 8, "\\Dev\0ce" };
    PVOID o = (PVOID)1;
    ULONG i;

    for (i = 0; i < ARRAYSIZE(cases); i++) {
        assert_int_equal(Lookup(cases[i].Name, NULL, NULL), cases[i].Status);
        assert_int_equal(NewNamedThing(cases[i].Name, OBJ_PERMANENT, NULL, NULL),
                         cases[i].Status);
    }
    memset(longname, 'a', sizeof(longname));
    longname[0] = '\\';
    longname[OB_MAX_PATH + 1] = '\0';
    assert_int_equal(Lookup(longname, NULL, NULL), STATUS_OBJECT_NAME_INVALID);
    assert_int_equal(ObReferenceObjectByName(&withnul, NULL, NULL, &o),
                     STATUS_OBJECT_NAME_INVALID);
    assert_null(o);
    assert_int_equal(ObReferenceObjectByName(NULL, NULL, NULL, &o), STATUS_OBJECT_NAME_INVALID);
}

static void missing_names_are_not_found(void **state)
{
    PVOID o;

    assert_int_equal(Lookup("\\Nothing", NULL, NULL), STATUS_OBJECT_NAME_NOT_FOUND);
    assert_int_equal(Lookup("\\Device\\Nothing", NULL, NULL), STATUS_OBJECT_NAME_NOT_FOUND);
    assert_int_equal(Lookup("\\Nothing\\Null", NULL, NULL), STATUS_OBJECT_PATH_NOT_FOUND);
    assert_int_equal(NewNamedThing("\\Nothing\\Null", OBJ_PERMANENT, NULL, NULL),
                     STATUS_OBJECT_PATH_NOT_FOUND);
    assert_int_equal(NewNamedThing("\\Windows\\T", OBJ_PERMANENT, NULL, &o), STATUS_SUCCESS);
    assert_int_equal(Lookup("\\Windows\\T\\x", NULL, NULL), STATUS_OBJECT_TYPE_MISMATCH);
    assert_int_equal(NewNamedThing("\\Windows\\T\\x", OBJ_PERMANENT, NULL, NULL),
                     STATUS_OBJECT_TYPE_MISMATCH);
    ObMakeTemporaryObject(o);
    ObDereferenceObject(o);
}

static void duplicate_names_collide_in_any_case(void **state)
{
    PVOID o, found;

    assert_int_equal(NewNamedThing("\\Windows\\Thing", OBJ_PERMANENT, NULL, &o), STATUS_SUCCESS);
    assert_int_equal(NewNamedThing("\\WINDOWS\\thing", OBJ_PERMANENT, NULL, NULL),
                     STATUS_OBJECT_NAME_COLLISION);
    assert_int_equal(Link("\\Windows\\THING", "\\Device", OBJ_PERMANENT, NULL),
                     STATUS_OBJECT_NAME_COLLISION);
    assert_int_equal(NewNamedThing("\\", OBJ_PERMANENT, NULL, NULL),
                     STATUS_OBJECT_NAME_COLLISION);
    assert_int_equal(Lookup("\\windows\\tHiNg", NULL, &found), STATUS_SUCCESS);
    assert_ptr_equal(found, o);
    assert_int_equal(OBJECT_TO_OBJECT_HEADER(o)->PointerCount, 3);  /* name, o, found */
    assert_int_equal(ThingType->TotalNumberOfObjects, 1);
    ObDereferenceObject(found);
    ObMakeTemporaryObject(o);
    assert_int_equal(OBJECT_TO_OBJECT_HEADER(o)->PointerCount, 1);
    assert_int_equal(Lookup("\\Windows\\Thing", NULL, NULL), STATUS_OBJECT_NAME_NOT_FOUND);
    ObDereferenceObject(o);
    assert_int_equal(ThingType->TotalNumberOfObjects, 0);
}

/* The rule the bug turns on: a temporary name leaves at its LAST HANDLE's
   close, even while pointer references keep the object alive. */
static void temporary_name_leaves_at_last_handle(void **state)
{
    HANDLE h1, h2;
    PVOID o;
    POBJECT_HEADER hd;

    assert_int_equal(NewNamedThing("\\Windows\\Temp", 0, &h1, &o), STATUS_SUCCESS);
    hd = OBJECT_TO_OBJECT_HEADER(o);
    assert_int_equal(ObOpenObjectByNameInTable(Table, S("\\Windows\\TEMP"), ThingType, 0, NULL,
                                               &h2), STATUS_SUCCESS);
    assert_int_equal(hd->HandleCount, 2);
    assert_int_equal(hd->PointerCount, 4);      /* name, two handles, o */
    assert_int_equal(ObCloseHandleInTable(Table, h1), STATUS_SUCCESS);
    assert_int_equal(Lookup("\\Windows\\Temp", NULL, NULL), STATUS_SUCCESS);
    assert_int_equal(ObCloseHandleInTable(Table, h2), STATUS_SUCCESS);
    assert_int_equal(Closes, 2);
    assert_int_equal(Lookup("\\Windows\\Temp", NULL, NULL), STATUS_OBJECT_NAME_NOT_FOUND);
    assert_null(hd->Directory);
    assert_int_equal(hd->PointerCount, 1);
    ObDereferenceObject(o);
    assert_int_equal(ThingType->TotalNumberOfObjects, 0);
}

static void temporary_name_needs_a_handle(void **state)
{
    assert_int_equal(NewNamedThing("\\Windows\\Temp", 0, NULL, NULL), STATUS_INVALID_PARAMETER);
    assert_int_equal(ThingType->TotalNumberOfObjects, 0);
}

/* A permanent name outlives its handles; made temporary, it leaves at
   once with no handle open, or at the last close with one. */
static void permanent_name_stays_until_made_temporary(void **state)
{
    HANDLE h;
    PVOID o;

    assert_int_equal(NewNamedThing("\\Windows\\Perm", OBJ_PERMANENT, &h, NULL), STATUS_SUCCESS);
    assert_int_equal(ObCloseHandleInTable(Table, h), STATUS_SUCCESS);
    assert_int_equal(Lookup("\\Windows\\Perm", NULL, &o), STATUS_SUCCESS);
    assert_int_equal(OBJECT_TO_OBJECT_HEADER(o)->PointerCount, 2);
    assert_int_equal(ObOpenObjectByNameInTable(Table, S("\\Windows\\Perm"), NULL, 0, NULL, &h),
                     STATUS_SUCCESS);
    ObMakeTemporaryObject(o);
    assert_int_equal(Lookup("\\Windows\\Perm", NULL, NULL), STATUS_SUCCESS);
    assert_int_equal(ObCloseHandleInTable(Table, h), STATUS_SUCCESS);
    assert_int_equal(Lookup("\\Windows\\Perm", NULL, NULL), STATUS_OBJECT_NAME_NOT_FOUND);
    ObDereferenceObject(o);
    assert_int_equal(ThingType->TotalNumberOfObjects, 0);
}

static void link_reparses_into_a_parse_procedure(void **state)
{
    PVOID dev, o;

    assert_int_equal(ObCreateObject(DeviceType, OBJ_PERMANENT, 8, &dev), STATUS_SUCCESS);
    assert_int_equal(ObInsertObjectInTable(dev, S("\\Device\\NwRdr"), 0, NULL, &dev, NULL),
                     STATUS_SUCCESS);
    assert_int_equal(Link("\\DosDevices\\X:", "\\Device\\NwRdr\\;X:\\SERVER\\VOL",
                          OBJ_PERMANENT, NULL), STATUS_SUCCESS);
    assert_int_equal(Lookup("\\DosDevices\\x:\\PATH\\FILE.TXT", NULL, &o), STATUS_SUCCESS);
    assert_ptr_equal(o, dev);
    assert_string_equal(ParsedRest, "\\;X:\\SERVER\\VOL\\PATH\\FILE.TXT");
    ObDereferenceObject(o);
    assert_int_equal(Lookup("\\DosDevices\\X:", NULL, NULL), STATUS_SUCCESS);
    assert_string_equal(ParsedRest, "\\;X:\\SERVER\\VOL");
    assert_int_equal(Lookup("\\Device\\NwRdr", NULL, NULL), STATUS_SUCCESS);
    assert_string_equal(ParsedRest, "");
    ParseResult = STATUS_BAD_NETWORK_NAME;
    assert_int_equal(Lookup("\\DosDevices\\X:\\A", NULL, NULL), STATUS_BAD_NETWORK_NAME);
    ParseResult = STATUS_SUCCESS;
    ParseFindsNothing = TRUE;
    assert_int_equal(Lookup("\\DosDevices\\X:\\A", NULL, NULL), STATUS_OBJECT_NAME_NOT_FOUND);
    ParseFindsNothing = FALSE;
    assert_int_equal(Lookup("\\DosDevices\\X:\\A", ThingType, NULL),
                     STATUS_OBJECT_TYPE_MISMATCH);
    assert_int_equal(NewNamedThing("\\Device\\NwRdr\\x", OBJ_PERMANENT, NULL, NULL),
                     STATUS_OBJECT_TYPE_MISMATCH);
    assert_int_equal(OBJECT_TO_OBJECT_HEADER(dev)->PointerCount, 2);
    Unlink("\\DosDevices\\X:");
    Unlink("\\Device\\NwRdr");
    ObDereferenceObject(dev);
}

static void link_is_opened_itself_and_tells_its_target(void **state)
{
    CHAR buf[40];
    STRING target = { 0, sizeof(buf), buf };
    STRING small = { 0, 4, buf };
    ULONG length = 0;
    HANDLE h;
    PVOID link;

    assert_int_equal(Link("\\DosDevices\\Q:", "\\Device\\Harddisk0", 0, &h), STATUS_SUCCESS);
    assert_int_equal(Lookup("\\DosDevices\\Q:", ObSymbolicLinkObjectType, &link),
                     STATUS_SUCCESS);
    assert_int_equal(Lookup("\\DosDevices\\Q:", NULL, NULL), STATUS_OBJECT_NAME_NOT_FOUND);
    assert_int_equal(ObQuerySymbolicLinkTarget(link, &small, &length), STATUS_BUFFER_TOO_SMALL);
    assert_int_equal(length, 17);
    assert_int_equal(ObQuerySymbolicLinkTarget(link, &target, &length), STATUS_SUCCESS);
    assert_int_equal(target.Length, 17);
    assert_string_equal(buf, "\\Device\\Harddisk0");
    assert_int_equal(ObQuerySymbolicLinkTarget(ObpRootDirectory, &target, NULL),
                     STATUS_OBJECT_TYPE_MISMATCH);
    ObDereferenceObject(link);
    assert_int_equal(ObCloseHandleInTable(Table, h), STATUS_SUCCESS);
    assert_int_equal(Lookup("\\DosDevices\\Q:", ObSymbolicLinkObjectType, NULL),
                     STATUS_OBJECT_NAME_NOT_FOUND);
}

static void links_inside_a_path_reparse(void **state)
{
    PVOID thing, o;

    assert_int_equal(NewNamedThing("\\Device\\Null", OBJ_PERMANENT, NULL, &thing), STATUS_SUCCESS);
    assert_int_equal(Link("\\Windows\\Dev", "\\Device", OBJ_PERMANENT, NULL), STATUS_SUCCESS);
    assert_int_equal(Link("\\Windows\\Root", "\\", OBJ_PERMANENT, NULL), STATUS_SUCCESS);
    assert_int_equal(Lookup("\\Windows\\Dev\\NULL", NULL, &o), STATUS_SUCCESS);
    assert_ptr_equal(o, thing);
    ObDereferenceObject(o);
    assert_int_equal(Lookup("\\Windows\\Root\\Windows\\Dev\\Null", NULL, &o), STATUS_SUCCESS);
    assert_ptr_equal(o, thing);
    ObDereferenceObject(o);
    assert_int_equal(Lookup("\\Windows\\Root", NULL, &o), STATUS_SUCCESS);
    assert_ptr_equal(o, ObpRootDirectory);
    ObDereferenceObject(o);
    assert_int_equal(Lookup("\\Windows\\Dev\\Nothing", NULL, NULL), STATUS_OBJECT_NAME_NOT_FOUND);
    assert_int_equal(NewNamedThing("\\Windows\\Dev\\New", OBJ_PERMANENT, NULL, &o),
                     STATUS_SUCCESS);
    assert_int_equal(Lookup("\\Device\\New", NULL, NULL), STATUS_SUCCESS);
    Unlink("\\Device\\New");
    ObDereferenceObject(o);
    Unlink("\\Windows\\Dev");
    Unlink("\\Windows\\Root");
    Unlink("\\Device\\Null");
    ObDereferenceObject(thing);
}

static void link_loops_end_with_a_clear_error(void **state)
{
    CHAR target[OB_MAX_PATH];

    assert_int_equal(Link("\\Windows\\A", "\\Windows\\B", OBJ_PERMANENT, NULL), STATUS_SUCCESS);
    assert_int_equal(Link("\\Windows\\B", "\\Windows\\A", OBJ_PERMANENT, NULL), STATUS_SUCCESS);
    assert_int_equal(Link("\\Windows\\Self", "\\Windows\\Self\\x", OBJ_PERMANENT, NULL),
                     STATUS_SUCCESS);
    assert_int_equal(Lookup("\\Windows\\A", NULL, NULL), STATUS_REPARSE_POINT_NOT_RESOLVED);
    assert_int_equal(Lookup("\\Windows\\B\\x", NULL, NULL), STATUS_REPARSE_POINT_NOT_RESOLVED);
    /* Self grows the path by "\x" per reparse; the buffer's limit is kept. */
    assert_int_equal(Lookup("\\Windows\\Self", NULL, NULL), STATUS_REPARSE_POINT_NOT_RESOLVED);
    memset(target, 'a', sizeof(target));
    target[0] = '\\';
    target[OB_MAX_PATH - 1] = '\0';
    assert_int_equal(Link("\\Windows\\Long", target, OBJ_PERMANENT, NULL), STATUS_SUCCESS);
    assert_int_equal(Lookup("\\Windows\\Long\\more", NULL, NULL), STATUS_OBJECT_NAME_INVALID);
    Unlink("\\Windows\\A");
    Unlink("\\Windows\\B");
    Unlink("\\Windows\\Self");
    Unlink("\\Windows\\Long");
}

static void link_targets_are_checked(void **state)
{
    HANDLE h;

    assert_int_equal(Link("\\Windows\\L", "Device", 0, &h), STATUS_OBJECT_PATH_SYNTAX_BAD);
    assert_int_equal(Link("\\Windows\\L", "", 0, &h), STATUS_OBJECT_NAME_INVALID);
    /* A trailing separator is a fine target ("subst X: C:\\" makes one); an
       empty component in the middle is not. */
    assert_int_equal(Link("\\Windows\\L", "\\Device\\\\Null", 0, &h), STATUS_OBJECT_NAME_INVALID);
    assert_int_equal(ObSymbolicLinkObjectType->TotalNumberOfObjects, 0);
}

/* The drive map follows exactly the links named X: in \DosDevices. */
static void drive_map_follows_dosdevices_links(void **state)
{
    UCHAR types[26];
    HANDLE hx;

    assert_int_equal(Link("\\DosDevices\\X:", "\\Device\\NwRdr\\;X:\\SRV\\VOL", 0, &hx),
                     STATUS_SUCCESS);
    assert_int_equal(DriveMap(types), 1u << 23);
    assert_int_equal(types[23], DRIVE_REMOTE);
    assert_int_equal(Link("\\DosDevices\\c:", "\\Device\\Harddisk0\\Partition1",
                          OBJ_PERMANENT, NULL), STATUS_SUCCESS);
    assert_int_equal(Link("\\DosDevices\\L:", "\\Device\\LanmanRedirector\\;L:\\S\\V",
                          OBJ_PERMANENT, NULL), STATUS_SUCCESS);
    assert_int_equal(Link("\\DosDevices\\N:", "\\Device\\NwRdrX", OBJ_PERMANENT, NULL),
                     STATUS_SUCCESS);
    assert_int_equal(DriveMap(types), 1u << 23 | 1u << 2 | 1u << 11 | 1u << 13);
    assert_int_equal(types[2], DRIVE_FIXED);
    assert_int_equal(types[11], DRIVE_REMOTE);
    assert_int_equal(types[13], DRIVE_FIXED);
    /* Not drive links: no change. */
    assert_int_equal(Link("\\DosDevices\\XY:", "\\Device\\NwRdr", OBJ_PERMANENT, NULL),
                     STATUS_SUCCESS);
    assert_int_equal(Link("\\DosDevices\\1:", "\\Device\\NwRdr", OBJ_PERMANENT, NULL),
                     STATUS_SUCCESS);
    assert_int_equal(Link("\\DosDevices\\Y", "\\Device\\NwRdr", OBJ_PERMANENT, NULL),
                     STATUS_SUCCESS);
    assert_int_equal(Link("\\Windows\\Z:", "\\Device\\NwRdr", OBJ_PERMANENT, NULL),
                     STATUS_SUCCESS);
    assert_int_equal(NewNamedThing("\\DosDevices\\Q:", OBJ_PERMANENT, NULL, NULL),
                     STATUS_SUCCESS);
    assert_int_equal(Link("\\DosDevices\\x:", "\\Device\\Other", OBJ_PERMANENT, NULL),
                     STATUS_OBJECT_NAME_COLLISION);
    assert_int_equal(DriveMap(types), 1u << 23 | 1u << 2 | 1u << 11 | 1u << 13);
    assert_int_equal(types[16], DRIVE_UNKNOWN);
    Unlink("\\DosDevices\\XY:");
    Unlink("\\DosDevices\\1:");
    Unlink("\\DosDevices\\Y");
    Unlink("\\Windows\\Z:");
    Unlink("\\DosDevices\\Q:");
    Unlink("\\DosDevices\\C:");
    Unlink("\\DosDevices\\L:");
    Unlink("\\DosDevices\\N:");
    assert_int_equal(DriveMap(types), 1u << 23);
    assert_int_equal(types[2], DRIVE_UNKNOWN);
    assert_int_equal(ObCloseHandleInTable(Table, hx), STATUS_SUCCESS);
    assert_int_equal(DriveMap(types), 0);
    assert_int_equal(types[23], DRIVE_UNKNOWN);
}

/* KB Q150047's ingredient: a made-temporary drive link keeps its letter
   while anyone still holds a handle to it, and a new define of the letter
   collides until that handle closes. */
static void drive_letter_lingers_while_a_handle_is_open(void **state)
{
    HANDLE cim, owner;
    PVOID link;

    assert_int_equal(Link("\\DosDevices\\X:", "\\Device\\NwRdr\\;X:\\SRV\\VOL", OBJ_PERMANENT,
                          &owner), STATUS_SUCCESS);
    assert_int_equal(ObOpenObjectByNameInTable(Table, S("\\DosDevices\\X:"),
                                               ObSymbolicLinkObjectType, SYMBOLIC_LINK_QUERY,
                                               NULL, &cim), STATUS_SUCCESS);
    assert_int_equal(ObReferenceObjectByHandleInTable(Table, owner, DELETE,
                                                      ObSymbolicLinkObjectType, &link, NULL),
                     STATUS_SUCCESS);
    ObMakeTemporaryObject(link);
    ObDereferenceObject(link);
    assert_int_equal(ObCloseHandleInTable(Table, owner), STATUS_SUCCESS);
    assert_int_equal(DriveMap(NULL), 1u << 23);
    assert_int_equal(Link("\\DosDevices\\X:", "\\Device\\NwRdr\\;X:\\SRV\\VOL2", OBJ_PERMANENT,
                          NULL), STATUS_OBJECT_NAME_COLLISION);
    assert_int_equal(ObCloseHandleInTable(Table, cim), STATUS_SUCCESS);
    assert_int_equal(DriveMap(NULL), 0);
    assert_int_equal(Link("\\DosDevices\\X:", "\\Device\\NwRdr\\;X:\\SRV\\VOL2", 0, &owner),
                     STATUS_SUCCESS);
    assert_int_equal(DriveMap(NULL), 1u << 23);
    assert_int_equal(ObCloseHandleInTable(Table, owner), STATUS_SUCCESS);
}

static void open_by_name_checks_type_and_counts_handles(void **state)
{
    HANDLE h1, h2, h3;
    PVOID o, got;

    assert_int_equal(NewNamedThing("\\Windows\\T", 0, &h1, &o), STATUS_SUCCESS);
    assert_int_equal(ObOpenObjectByNameInTable(Table, S("\\Windows\\T"), ObDirectoryObjectType,
                                               0, NULL, &h2), STATUS_OBJECT_TYPE_MISMATCH);
    assert_int_equal(ObOpenObjectByNameInTable(Table, S("\\Windows\\U"), NULL, 0, NULL, &h2),
                     STATUS_OBJECT_NAME_NOT_FOUND);
    assert_int_equal(ObOpenObjectByNameInTable(Table, S("\\Windows\\T"), NULL, 0x1, NULL, &h2),
                     STATUS_SUCCESS);
    assert_int_equal(ObOpenObjectByNameInTable(Table, S("\\Windows\\T"), NULL, GENERIC_ALL, NULL,
                                               &h3), STATUS_SUCCESS);
    assert_int_equal(OBJECT_TO_OBJECT_HEADER(o)->HandleCount, 3);
    assert_int_equal(ObReferenceObjectByHandleInTable(Table, h2, 0x2, NULL, &got, NULL),
                     STATUS_ACCESS_DENIED);
    assert_int_equal(ObReferenceObjectByHandleInTable(Table, h3, 0xF, NULL, &got, NULL),
                     STATUS_SUCCESS);
    ObDereferenceObject(got);
    assert_int_equal(ObCloseHandleInTable(Table, h1), STATUS_SUCCESS);
    assert_int_equal(ObCloseHandleInTable(Table, h2), STATUS_SUCCESS);
    assert_int_equal(ObCloseHandleInTable(Table, h3), STATUS_SUCCESS);
    assert_int_equal(Closes, 3);
    assert_int_equal(ThingType->TotalNumberOfHandles, 0);
    ObDereferenceObject(o);
}

static void directories_can_be_made_and_removed(void **state)
{
    HANDLE h;
    PVOID o;

    assert_int_equal(ObCreateDirectoryObject(Table, S("\\Windows\\Sub"), 0, DIRECTORY_ALL_ACCESS,
                                             &h), STATUS_SUCCESS);
    assert_int_equal(NewNamedThing("\\Windows\\Sub\\T", OBJ_PERMANENT, NULL, &o), STATUS_SUCCESS);
    assert_int_equal(Lookup("\\windows\\sub\\t", ThingType, NULL), STATUS_SUCCESS);
    ObMakeTemporaryObject(o);
    ObDereferenceObject(o);
    assert_int_equal(ObCloseHandleInTable(Table, h), STATUS_SUCCESS);
    assert_int_equal(Lookup("\\Windows\\Sub", NULL, NULL), STATUS_OBJECT_NAME_NOT_FOUND);
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, Setup, Teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(init_makes_the_directories),
        TEST(bad_names_are_refused),
        TEST(missing_names_are_not_found),
        TEST(duplicate_names_collide_in_any_case),
        TEST(temporary_name_leaves_at_last_handle),
        TEST(temporary_name_needs_a_handle),
        TEST(permanent_name_stays_until_made_temporary),
        TEST(link_reparses_into_a_parse_procedure),
        TEST(link_is_opened_itself_and_tells_its_target),
        TEST(links_inside_a_path_reparse),
        TEST(link_loops_end_with_a_clear_error),
        TEST(link_targets_are_checked),
        TEST(drive_map_follows_dosdevices_links),
        TEST(drive_letter_lingers_while_a_handle_is_open),
        TEST(open_by_name_checks_type_and_counts_handles),
        TEST(directories_can_be_made_and_removed),
    };
    return cmocka_run_group_tests(tests, GroupSetup, NULL);
}
