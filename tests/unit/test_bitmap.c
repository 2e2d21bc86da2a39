/*
 * test_bitmap.c - RTL_BITMAP: ranges across word edges, searches that wrap
 * round from the hint, and refusal when no run is long enough.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "rtl/rtl.h"

static ULONG Bits[4];
static RTL_BITMAP Map;

static int setup(void **state)
{
    memset(Bits, 0, sizeof(Bits));
    RtlInitializeBitMap(&Map, Bits, 100);
    return 0;
}

static void set_and_clear_across_words(void **state)
{
    RtlSetBits(&Map, 30, 40);
    assert_false(RtlCheckBit(&Map, 29));
    assert_true(RtlCheckBit(&Map, 30));
    assert_true(RtlCheckBit(&Map, 69));
    assert_false(RtlCheckBit(&Map, 70));
    assert_int_equal(Bits[1], 0xFFFFFFFFu);
    assert_int_equal(RtlNumberOfClearBits(&Map), 60);
    RtlClearBits(&Map, 32, 32);
    assert_int_equal(Bits[1], 0);
    assert_int_equal(RtlNumberOfClearBits(&Map), 92);
}

static void ranges_are_clipped_to_the_map(void **state)
{
    RtlSetBits(&Map, 90, 1000);
    assert_int_equal(RtlNumberOfClearBits(&Map), 90);
    assert_int_equal(Bits[3] >> 4, 0);     /* nothing past bit 99 */
    RtlSetBits(&Map, 500, 1);
    assert_false(RtlCheckBit(&Map, 500));
}

static void find_takes_the_first_run_from_the_hint(void **state)
{
    RtlSetBits(&Map, 0, 10);
    assert_int_equal(RtlFindClearBitsAndSet(&Map, 5, 0), 10);
    assert_int_equal(RtlFindClearBitsAndSet(&Map, 5, 50), 50);
    assert_true(RtlCheckBit(&Map, 54));
    assert_false(RtlCheckBit(&Map, 55));
}

static void find_wraps_round(void **state)
{
    RtlSetBits(&Map, 20, 80);
    assert_int_equal(RtlFindClearBitsAndSet(&Map, 3, 95), 0);
    assert_int_equal(RtlFindClearBitsAndSet(&Map, 17, 60), 3);
    assert_int_equal(RtlFindClearBitsAndSet(&Map, 1, 60), RTL_BITMAP_NOT_FOUND);
}

static void find_refuses_impossible_runs(void **state)
{
    RtlSetBits(&Map, 50, 1);
    assert_int_equal(RtlFindClearBitsAndSet(&Map, 51, 0), RTL_BITMAP_NOT_FOUND);
    assert_int_equal(RtlFindClearBitsAndSet(&Map, 0, 0), RTL_BITMAP_NOT_FOUND);
    assert_int_equal(RtlFindClearBitsAndSet(&Map, 101, 0), RTL_BITMAP_NOT_FOUND);
    assert_int_equal(RtlNumberOfClearBits(&Map), 99);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(set_and_clear_across_words, setup),
        cmocka_unit_test_setup(ranges_are_clipped_to_the_map, setup),
        cmocka_unit_test_setup(find_takes_the_first_run_from_the_hint, setup),
        cmocka_unit_test_setup(find_wraps_round, setup),
        cmocka_unit_test_setup(find_refuses_impossible_runs, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
