/*
 * test_pool.c - the pool's accounting on the host: kernel/mm/pool.c over
 * glibc's malloc, its spinlocks stood in for by kstubs.c and KeBugCheckEx
 * here: a bugcheck is caught with longjmp so that caller bugs can be tested
 * too.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "ke/ke.h"
#include "mm/mm.h"

static jmp_buf BugCheckJump;
static ULONG BugCheckCode;
static ULONG_PTR BugCheckP1;

VOID KeBugCheckEx(ULONG Code, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3, ULONG_PTR P4)
{
    BugCheckCode = Code;
    BugCheckP1 = P1;
    longjmp(BugCheckJump, 1);
}

static const POOL_TRACKER *Find(ULONG Tag)
{
    static POOL_TRACKER t[128];
    ULONG n = ExQueryPoolTags(t, 128), i;

    for (i = 0; i < n; i++) {
        if (t[i].Tag == Tag)
            return &t[i];
    }
    return NULL;
}

#define TAG_X POOL_TAG('T', 'x', ' ', ' ')
#define TAG_Y POOL_TAG('T', 'y', ' ', ' ')

static void counts_follow_allocations(void **state)
{
    PVOID a = ExAllocatePoolWithTag(NonPagedPool, 10, TAG_X);
    PVOID b = ExAllocatePoolWithTag(PagedPool, 20, TAG_X);
    PVOID c = ExAllocatePoolWithTag(NonPagedPool, 0, TAG_Y);

    assert_non_null(a);
    assert_non_null(c);
    assert_int_equal(Find(TAG_X)->Allocs, 2);
    assert_int_equal(Find(TAG_X)->Bytes, 30);
    ExFreePoolWithTag(a, TAG_X);
    assert_int_equal(Find(TAG_X)->Frees, 1);
    assert_int_equal(Find(TAG_X)->Bytes, 20);
    ExFreePoolWithTag(b, 0);
    ExFreePoolWithTag(c, TAG_Y);
    assert_int_equal(Find(TAG_X)->Bytes, 0);
    assert_int_equal(Find(TAG_Y)->Allocs - Find(TAG_Y)->Frees, 0);
}

static void blocks_are_aligned_and_usable(void **state)
{
    char *p = ExAllocatePoolWithTag(NonPagedPool, 33, TAG_X);

    assert_int_equal((uintptr_t)p & 7, 0);
    memset(p, 0x5A, 33);
    ExFreePoolWithTag(p, TAG_X);
}

static void double_free_bugchecks(void **state)
{
    PVOID p = ExAllocatePoolWithTag(NonPagedPool, 8, TAG_X);

    ExFreePoolWithTag(p, TAG_X);
    if (setjmp(BugCheckJump) == 0) {
        ExFreePoolWithTag(p, TAG_X);
        fail_msg("a second free returned");
    }
    assert_int_equal(BugCheckCode, BAD_POOL_CALLER);
    assert_int_equal(BugCheckP1, 0x07);
}

static void wrong_tag_bugchecks(void **state)
{
    PVOID p = ExAllocatePoolWithTag(NonPagedPool, 8, TAG_X);

    if (setjmp(BugCheckJump) == 0) {
        ExFreePoolWithTag(p, TAG_Y);
        fail_msg("a free with the wrong tag returned");
    }
    assert_int_equal(BugCheckCode, BAD_POOL_CALLER);
    assert_int_equal(BugCheckP1, 0x0A);
    ExFreePoolWithTag(p, TAG_X);
}

static void null_free_bugchecks(void **state)
{
    if (setjmp(BugCheckJump) == 0) {
        ExFreePoolWithTag(NULL, 0);
        fail_msg("freeing NULL returned");
    }
    assert_int_equal(BugCheckCode, BAD_POOL_CALLER);
}

static void many_tags_overflow_into_one_tracker(void **state)
{
    PVOID p[200];
    int i;

    for (i = 0; i < 200; i++)
        p[i] = ExAllocatePoolWithTag(NonPagedPool, 1, POOL_TAG('M', 'a', i / 26 + 'a', i % 26 + 'a'));
    assert_non_null(Find(POOL_TAG('O', 'v', 'f', 'l')));
    assert_true(Find(POOL_TAG('O', 'v', 'f', 'l'))->Allocs > 0);
    for (i = 0; i < 200; i++)
        ExFreePoolWithTag(p[i], 0);
    assert_int_equal(Find(POOL_TAG('O', 'v', 'f', 'l'))->Bytes, 0);
}

static void tags_format_as_text(void **state)
{
    char text[5];

    ExFormatPoolTag(POOL_TAG('I', 'r', 'p', ' '), text);
    assert_string_equal(text, "Irp ");
    ExFormatPoolTag(0x01020304, text);
    assert_string_equal(text, "....");
}

/* The low-resource simulation: the Nth allocation after arming fails, the
   others do not, nothing is counted for the failed one, and disarming says
   which it was and who asked. */
static void armed_pool_fails_the_nth_allocation(void **state)
{
    PVOID p[4];
    POOL_FAILURE f;
    ULONG allocs = Find(TAG_X) ? Find(TAG_X)->Allocs : 0;
    int i;

    ExArmPoolFailure(3);
    for (i = 0; i < 4; i++)
        p[i] = ExAllocatePoolWithTag(NonPagedPool, 8, i == 2 ? TAG_Y : TAG_X);
    ExDisarmPoolFailure(&f);
    assert_non_null(p[0]);
    assert_non_null(p[1]);
    assert_null(p[2]);
    assert_non_null(p[3]);
    assert_int_equal(f.Counted, 4);
    assert_true(f.Failed);
    assert_int_equal(f.Tag, TAG_Y);
    assert_true(f.Caller != 0);
    assert_int_equal(Find(TAG_X)->Allocs, allocs + 3);
    for (i = 0; i < 4; i++) {
        if (p[i] != NULL)
            ExFreePoolWithTag(p[i], TAG_X);
    }
    p[0] = ExAllocatePoolWithTag(NonPagedPool, 8, TAG_X);      /* disarmed: no count */
    assert_non_null(p[0]);
    ExFreePoolWithTag(p[0], TAG_X);
    ExArmPoolFailure(0);                                        /* 0: count only */
    p[0] = ExAllocatePoolWithTag(NonPagedPool, 8, TAG_X);
    ExDisarmPoolFailure(&f);
    assert_non_null(p[0]);
    assert_int_equal(f.Counted, 1);
    assert_false(f.Failed);
    ExFreePoolWithTag(p[0], TAG_X);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_follow_allocations),
        cmocka_unit_test(blocks_are_aligned_and_usable),
        cmocka_unit_test(double_free_bugchecks),
        cmocka_unit_test(wrong_tag_bugchecks),
        cmocka_unit_test(null_free_bugchecks),
        cmocka_unit_test(many_tags_overflow_into_one_tracker),
        cmocka_unit_test(tags_format_as_text),
        cmocka_unit_test(armed_pool_fails_the_nth_allocation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
