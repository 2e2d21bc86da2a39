/*
 * test_driver.c - IoLoadDriver (kernel/io/driver.c) when the pool says no:
 * every allocation it makes, failed in turn, must end in an error status,
 * no bugcheck and no block left behind. A failed name allocation once left
 * the driver object with a NULL name that its delete procedure freed
 * (BAD_POOL_CALLER). The pool is the kernel's (kernel/mm/pool.c) over the
 * host's malloc; the build wraps ExAllocatePoolWithTag (-Wl,--wrap) so the
 * test can fail the Nth call.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "io/io.h"

PVOID __real_ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T Size, ULONG Tag);

static LONG FailAt = -1;        /* the allocation (0, 1, ...) to fail; -1 none */
static ULONG Allocations;       /* made since the test set FailAt */
static int EntryCalls;

PVOID __wrap_ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T Size, ULONG Tag)
{
    if ((LONG)Allocations++ == FailAt)
        return NULL;
    return __real_ExAllocatePoolWithTag(PoolType, Size, Tag);
}

VOID KeBugCheckEx(ULONG Code, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3, ULONG_PTR P4)
{
    fail_msg("bugcheck 0x%lx (0x%lx)", (unsigned long)Code, (unsigned long)P1);
    abort();
}

/* What driver.c calls outside the object manager, stood in for. */
POBJECT_TYPE IoDeviceObjectType;

KIRQL KiLockDispatcherDatabase(VOID)
{
    return 0;
}

VOID KiUnlockDispatcherDatabase(KIRQL OldIrql)
{
}

VOID IoCompleteRequest(PIRP Irp, CHAR PriorityBoost)
{
}

static NTSTATUS TestEntry(PDRIVER_OBJECT Driver)
{
    EntryCalls++;
    return STATUS_SUCCESS;
}

static ULONG Outstanding(VOID)
{
    POOL_TRACKER t[128];
    ULONG n = ExQueryPoolTags(t, 128), i, sum = 0;

    for (i = 0; i < n; i++)
        sum += t[i].Allocs - t[i].Frees;
    return sum;
}

static int SetupOnce(void **state)
{
    ObInitSystem();
    IopInitializeDriverType();
    return 0;
}

/* Loads and unloads \Driver\Test; returns how many allocations it made. */
static ULONG LoadCleanly(VOID)
{
    PDRIVER_OBJECT d;
    ULONG before = Outstanding(), made;

    FailAt = -1;
    Allocations = 0;
    assert_int_equal(IoLoadDriver("\\Driver\\Test", TestEntry, &d), STATUS_SUCCESS);
    made = Allocations;
    assert_string_equal(d->DriverName.Buffer, "\\Driver\\Test");
    ObMakeTemporaryObject(d);
    ObDereferenceObject(d);
    assert_int_equal(Outstanding(), before);
    return made;
}

static void test_each_allocation_failed_in_turn(void **state)
{
    ULONG made = LoadCleanly(), n, before;
    PDRIVER_OBJECT d;
    NTSTATUS status;

    assert_true(made >= 2);                 /* the name and the object at least */
    print_message("IoLoadDriver makes %lu allocations; each fails in turn\n",
                  (unsigned long)made);
    for (n = 0; n < made; n++) {
        before = Outstanding();
        FailAt = (LONG)n;
        Allocations = 0;
        EntryCalls = 0;
        status = IoLoadDriver("\\Driver\\Test", TestEntry, &d);
        assert_int_equal(status, STATUS_INSUFFICIENT_RESOURCES);
        assert_int_equal(EntryCalls, 0);
        assert_int_equal(Outstanding(), before);
    }
    LoadCleanly();                          /* and nothing was left named */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_allocation_failed_in_turn),
    };
    return cmocka_run_group_tests(tests, SetupOnce, NULL);
}
