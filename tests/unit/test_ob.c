/*
 * test_ob.c - the object manager's objects, references and handle tables on
 * the host: kernel/ob over kernel/mm/pool.c over glibc's malloc, with the
 * kernel calls they make replaced here. A bugcheck is caught with longjmp;
 * the spinlock stubs fail a test that takes a lock it already holds. Each
 * test ends by checking that every pool tag is back where it started.
 * (test_ob_names.c covers the namespace, links and the drive map.)
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "ob/ob.h"

static jmp_buf BugCheckJump;
static ULONG BugCheckCode;

VOID KeBugCheckEx(ULONG Code, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3, ULONG_PTR P4)
{
    BugCheckCode = Code;
    longjmp(BugCheckJump, 1);
}

#define TAG_THING POOL_TAG('T', 's', 'T', 'h')

static POBJECT_TYPE ThingType;
static int Deletes, Closes;
static ULONG LastCloseCount;
static PHANDLE_TABLE Table;

typedef struct { ULONG Value; } THING;

/* The type procedures run with no lock held: a nested acquire would fail
   in the spinlock stub, so each of them takes the namespace lock once. */
static VOID ThingDelete(PVOID Object)
{
    OB_DRIVE_MAP map;

    ObQueryDriveMap(&map);
    Deletes++;
}

static VOID ThingClose(PHANDLE_TABLE T, PVOID Object, ACCESS_MASK Granted, ULONG HandleCount)
{
    OB_DRIVE_MAP map;

    ObQueryDriveMap(&map);
    Closes++;
    LastCloseCount = HandleCount;
}

static PVOID NewThing(ULONG Attributes)
{
    PVOID o = NULL;

    assert_int_equal(ObCreateObject(ThingType, Attributes, sizeof(THING), &o), STATUS_SUCCESS);
    return o;
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
    Deletes = Closes = 0;
    return ObCreateHandleTable(&Table) == STATUS_SUCCESS ? 0 : -1;
}

/* Every tag outstanding now is what it was before the test. */
static int Teardown(void **state)
{
    POOL_TRACKER now[128];
    ULONG n, i;

    ObDestroyHandleTable(Table);
    n = ExQueryPoolTags(now, 128);
    for (i = 0; i < n; i++)
        assert_int_equal(now[i].Allocs - now[i].Frees,
                         Outstanding(Baseline, BaselineCount, now[i].Tag));
    return 0;
}

static int GroupSetup(void **state)
{
    OBJECT_TYPE_INITIALIZER init = {
        .PoolTag = TAG_THING,
        .GenericMapping = { 0x1, 0x2, 0x4, 0xF },
        .ValidAccessMask = 0xF,
        .DeleteProcedure = ThingDelete,
        .CloseProcedure = ThingClose,
    };

    ObInitSystem();
    return ObCreateObjectType("Thing", &init, &ThingType) == STATUS_SUCCESS ? 0 : -1;
}

static int GroupTeardown(void **state)
{
    return ObDeleteObjectType(ThingType) == STATUS_SUCCESS ? 0 : -1;
}

static void strings_compare_with_and_without_case(void **state)
{
    STRING a, b, p, d;
    CHAR buf[4];

    RtlInitString(&a, "\\Device\\NwRdr");
    RtlInitString(&b, "\\DEVICE\\nwrdr");
    RtlInitString(&p, "\\device");
    assert_int_equal(a.Length, 13);
    assert_int_equal(a.MaximumLength, 14);
    assert_true(RtlEqualString(&a, &b, TRUE));
    assert_false(RtlEqualString(&a, &b, FALSE));
    assert_true(RtlPrefixString(&p, &a, TRUE));
    assert_false(RtlPrefixString(&p, &a, FALSE));
    assert_false(RtlPrefixString(&a, &p, TRUE));
    d.Buffer = buf;
    d.MaximumLength = sizeof(buf);
    RtlCopyString(&d, &a);
    assert_int_equal(d.Length, 4);
    assert_memory_equal(buf, "\\Dev", 4);
    RtlInitString(&a, NULL);
    assert_int_equal(a.Length, 0);
    assert_int_equal(RtlUpperChar('z'), 'Z');
    assert_int_equal(RtlUpperChar(':'), ':');
}

static void object_lives_until_last_reference(void **state)
{
    PVOID o = NewThing(0);
    POBJECT_HEADER h = OBJECT_TO_OBJECT_HEADER(o);

    assert_int_equal(h->PointerCount, 1);
    assert_int_equal(h->HandleCount, 0);
    assert_ptr_equal(h->Type, ThingType);
    assert_int_equal((ULONG_PTR)o & 7, 0);
    assert_int_equal(((THING *)o)->Value, 0);
    assert_int_equal(ThingType->TotalNumberOfObjects, 1);
    ObReferenceObject(o);
    assert_int_equal(ObReferenceObjectByPointer(o, ThingType), STATUS_SUCCESS);
    assert_int_equal(ObReferenceObjectByPointer(o, ObDirectoryObjectType),
                     STATUS_OBJECT_TYPE_MISMATCH);
    assert_int_equal(h->PointerCount, 3);
    ObDereferenceObject(o);
    ObDereferenceObject(o);
    assert_int_equal(Deletes, 0);
    ObDereferenceObject(o);
    assert_int_equal(Deletes, 1);
    assert_int_equal(ThingType->TotalNumberOfObjects, 0);
}

static void bad_create_arguments_are_refused(void **state)
{
    OBJECT_TYPE_INITIALIZER init = { .PoolTag = TAG_THING };
    POBJECT_TYPE t;
    PVOID o;

    assert_int_equal(ObCreateObject(ThingType, 0x2, 4, &o), STATUS_INVALID_PARAMETER);
    assert_int_equal(ObCreateObjectType("", &init, &t), STATUS_INVALID_PARAMETER);
    assert_int_equal(ObCreateObjectType("ANameLongerThanTwentyFour", &init, &t),
                     STATUS_INVALID_PARAMETER);
    init.PoolTag = 0;
    assert_int_equal(ObCreateObjectType("NoTag", &init, &t), STATUS_INVALID_PARAMETER);
}

static void type_is_not_deleted_while_objects_exist(void **state)
{
    PVOID o = NewThing(0);

    assert_int_equal(ObDeleteObjectType(ThingType), STATUS_INVALID_DEVICE_STATE);
    ObDereferenceObject(o);
}

/* Headers that are not (or no longer) live objects bugcheck, never corrupt. */
static void broken_references_bugcheck(void **state)
{
    static union { OBJECT_HEADER h; UCHAR b[sizeof(OBJECT_HEADER) + 8]; } fake;

    memset(&fake, 0, sizeof(fake));
    BugCheckCode = 0;
    if (setjmp(BugCheckJump) == 0)
        ObReferenceObject(fake.h.Body);
    assert_int_equal(BugCheckCode, REFERENCE_BY_POINTER);
    fake.h.Signature = OB_HEADER_SIGNATURE;
    fake.h.Type = ThingType;
    BugCheckCode = 0;
    if (setjmp(BugCheckJump) == 0)
        ObDereferenceObject(fake.h.Body);
    assert_int_equal(BugCheckCode, REFERENCE_BY_POINTER);
    assert_int_equal(fake.h.PointerCount, -1);
    fake.h.PointerCount = 0;
    BugCheckCode = 0;
    if (setjmp(BugCheckJump) == 0)
        ObReferenceObject(fake.h.Body);
    assert_int_equal(BugCheckCode, REFERENCE_BY_POINTER);
    BugCheckCode = 0;
    if (setjmp(BugCheckJump) == 0)
        ObDereferenceObject(NULL);
    assert_int_equal(BugCheckCode, REFERENCE_BY_POINTER);
}

static void generic_rights_map_through_the_type(void **state)
{
    assert_int_equal(ObpMapDesiredAccess(ThingType, GENERIC_READ), 0x1);
    assert_int_equal(ObpMapDesiredAccess(ThingType, GENERIC_WRITE | 0x8), 0xA);
    assert_int_equal(ObpMapDesiredAccess(ThingType, GENERIC_ALL), 0xF);
    assert_int_equal(ObpMapDesiredAccess(ThingType, MAXIMUM_ALLOWED),
                     0xF | STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE);
    assert_int_equal(ObpMapDesiredAccess(ThingType, 0x100 | DELETE), DELETE);
}

/* An unnamed object given a handle: the handle holds the only reference. */
static void insert_gives_a_handle(void **state)
{
    PVOID o = NewThing(0), ref = NULL;
    POBJECT_HEADER h = OBJECT_TO_OBJECT_HEADER(o);
    HANDLE handle = NULL;

    assert_int_equal(ObInsertObjectInTable(o, NULL, 0x3, Table, &ref, &handle), STATUS_SUCCESS);
    assert_ptr_equal(ref, o);
    assert_int_equal((ULONG_PTR)handle, 4);
    assert_int_equal(h->HandleCount, 1);
    assert_int_equal(h->PointerCount, 2);
    assert_int_equal(ThingType->TotalNumberOfHandles, 1);
    assert_int_equal(ObQueryHandleTableCount(Table), 1);
    ObDereferenceObject(ref);
    assert_int_equal(h->PointerCount, 1);
    assert_int_equal(ObCloseHandleInTable(Table, handle), STATUS_SUCCESS);
    assert_int_equal(Closes, 1);
    assert_int_equal(LastCloseCount, 1);
    assert_int_equal(Deletes, 1);
    assert_int_equal(ThingType->TotalNumberOfHandles, 0);
    assert_int_equal(ObQueryHandleTableCount(Table), 0);
}

/* A refused insert still consumes the creator's reference. */
static void bad_insert_deletes_the_object(void **state)
{
    HANDLE handle;

    assert_int_equal(ObInsertObjectInTable(NewThing(0), NULL, 0, NULL, NULL, NULL),
                     STATUS_INVALID_PARAMETER);
    assert_int_equal(ObInsertObjectInTable(NewThing(0), NULL, 0, Table, NULL, NULL),
                     STATUS_INVALID_PARAMETER);
    assert_int_equal(ObInsertObjectInTable(NewThing(0), NULL, 0, NULL, NULL, &handle),
                     STATUS_INVALID_PARAMETER);
    assert_int_equal(Deletes, 3);
    assert_int_equal(Closes, 0);
}

static void reference_by_handle_checks_type_and_access(void **state)
{
    PVOID o = NewThing(0), got = NULL;
    HANDLE handle;
    ACCESS_MASK granted = 0;

    assert_int_equal(ObInsertObjectInTable(o, NULL, GENERIC_READ, Table, NULL, &handle),
                     STATUS_SUCCESS);
    assert_int_equal(ObReferenceObjectByHandleInTable(Table, handle, 0x1, ThingType, &got,
                                                      &granted), STATUS_SUCCESS);
    assert_ptr_equal(got, o);
    assert_int_equal(granted, 0x1);
    assert_int_equal(OBJECT_TO_OBJECT_HEADER(o)->PointerCount, 2);
    ObDereferenceObject(got);
    assert_int_equal(ObReferenceObjectByHandleInTable(Table, handle, GENERIC_READ, NULL, &got,
                                                      NULL), STATUS_SUCCESS);
    ObDereferenceObject(got);
    got = NULL;
    assert_int_equal(ObReferenceObjectByHandleInTable(Table, handle, 0x2, ThingType, &got, NULL),
                     STATUS_ACCESS_DENIED);
    assert_int_equal(ObReferenceObjectByHandleInTable(Table, handle, GENERIC_ALL, NULL, &got,
                                                      NULL), STATUS_ACCESS_DENIED);
    assert_int_equal(ObReferenceObjectByHandleInTable(Table, handle, 0x1,
                                                      ObSymbolicLinkObjectType, &got, NULL),
                     STATUS_OBJECT_TYPE_MISMATCH);
    assert_null(got);
    assert_int_equal(OBJECT_TO_OBJECT_HEADER(o)->PointerCount, 1);
    assert_int_equal(ObCloseHandleInTable(Table, handle), STATUS_SUCCESS);
    assert_int_equal(Deletes, 1);
}

static void bad_handles_are_refused(void **state)
{
    static const ULONG_PTR bad[] = { 0, 1, 2, 3, 6, 4, 0x40000, 0xFFFFFFFC };
    PVOID got;
    HANDLE handle;
    ULONG i;

    for (i = 0; i < ARRAYSIZE(bad); i++) {
        assert_int_equal(ObCloseHandleInTable(Table, (HANDLE)bad[i]), STATUS_INVALID_HANDLE);
        assert_int_equal(ObReferenceObjectByHandleInTable(Table, (HANDLE)bad[i], 0, NULL, &got,
                                                          NULL), STATUS_INVALID_HANDLE);
    }
    assert_int_equal(ObInsertObjectInTable(NewThing(0), NULL, 0, Table, NULL, &handle),
                     STATUS_SUCCESS);
    assert_int_equal(ObCloseHandleInTable(Table, (HANDLE)((ULONG_PTR)handle + 1)),
                     STATUS_INVALID_HANDLE);
    assert_int_equal(ObCloseHandleInTable(Table, (HANDLE)((ULONG_PTR)handle + 4)),
                     STATUS_INVALID_HANDLE);
    assert_int_equal(ObCloseHandleInTable(Table, handle), STATUS_SUCCESS);
    assert_int_equal(ObCloseHandleInTable(Table, handle), STATUS_INVALID_HANDLE);
    assert_int_equal(ObReferenceObjectByHandleInTable(Table, handle, 0, NULL, &got, NULL),
                     STATUS_INVALID_HANDLE);
    assert_int_equal(Closes, 1);
    assert_int_equal(Deletes, 1);
}

/* Handles go out 4, 8, 12, ... and a freed one is the next handed out. */
static void table_grows_and_reuses_slots(void **state)
{
    HANDLE h[100];
    ULONG i;

    assert_int_equal(Table->Capacity, 8);       /* the first slots come with the table */
    for (i = 0; i < 100; i++) {
        assert_int_equal(ObInsertObjectInTable(NewThing(0), NULL, 0, Table, NULL, &h[i]),
                         STATUS_SUCCESS);
        assert_int_equal((ULONG_PTR)h[i], (i + 1) * 4);
    }
    assert_int_equal(ObQueryHandleTableCount(Table), 100);
    assert_int_equal(Table->Capacity, 128);
    assert_int_equal(ObCloseHandleInTable(Table, h[41]), STATUS_SUCCESS);
    assert_int_equal(ObInsertObjectInTable(NewThing(0), NULL, 0, Table, NULL, &h[41]),
                     STATUS_SUCCESS);
    assert_int_equal((ULONG_PTR)h[41], 42 * 4);
    for (i = 0; i < 100; i++)
        assert_int_equal(ObCloseHandleInTable(Table, h[i]), STATUS_SUCCESS);
    assert_int_equal(Deletes, 101);
    assert_int_equal(Closes, 101);
    assert_int_equal(ObQueryHandleTableCount(Table), 0);
}

/* Destroying a table closes what is still open in it (teardown checks
   that nothing leaked). */
static void destroying_a_table_closes_its_handles(void **state)
{
    PHANDLE_TABLE t;
    HANDLE h;
    PVOID kept = NewThing(0);
    ULONG i;

    assert_int_equal(ObCreateHandleTable(&t), STATUS_SUCCESS);
    for (i = 0; i < 20; i++)
        assert_int_equal(ObInsertObjectInTable(NewThing(0), NULL, 0, t, NULL, &h),
                         STATUS_SUCCESS);
    assert_int_equal(ObInsertObjectInTable(kept, NULL, 0, t, &kept, &h), STATUS_SUCCESS);
    ObDestroyHandleTable(t);
    assert_int_equal(Closes, 21);
    assert_int_equal(Deletes, 20);
    assert_int_equal(OBJECT_TO_OBJECT_HEADER(kept)->HandleCount, 0);
    assert_int_equal(OBJECT_TO_OBJECT_HEADER(kept)->PointerCount, 1);
    ObDereferenceObject(kept);
    assert_int_equal(Deletes, 21);
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, Setup, Teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(strings_compare_with_and_without_case),
        TEST(object_lives_until_last_reference),
        TEST(bad_create_arguments_are_refused),
        TEST(type_is_not_deleted_while_objects_exist),
        TEST(broken_references_bugcheck),
        TEST(generic_rights_map_through_the_type),
        TEST(insert_gives_a_handle),
        TEST(bad_insert_deletes_the_object),
        TEST(reference_by_handle_checks_type_and_access),
        TEST(bad_handles_are_refused),
        TEST(table_grows_and_reuses_slots),
        TEST(destroying_a_table_closes_its_handles),
    };
    return cmocka_run_group_tests(tests, GroupSetup, GroupTeardown);
}
