/*
 * test_pct.c - PCT's decisions for fixed seeds: the same seed gives the same
 * priorities and change points everywhere, change points fall in 1..K,
 * initial priorities stay above the change-point levels, and a change point
 * drops the running thread to Depth - i.
 */
#include <stdarg.h>
#include <string.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "ke/pct.h"

static void same_seed_same_decisions(void **state)
{
    KPCT a, b, c;
    int i;

    KiPctInitialize(&a, 42, 3, 100);
    KiPctInitialize(&b, 42, 3, 100);
    KiPctInitialize(&c, 43, 3, 100);
    for (i = 1; i < 3; i++)
        assert_int_equal(a.ChangePoints[i], b.ChangePoints[i]);
    for (i = 0; i < 50; i++) {
        ULONG pa = KiPctNewPriority(&a);
        assert_int_equal(pa, KiPctNewPriority(&b));
    }
    assert_true(a.ChangePoints[1] != c.ChangePoints[1] || a.ChangePoints[2] != c.ChangePoints[2]);
}

static void splitmix_reference_values(void **state)
{
    KPCT p;

    KiPctInitialize(&p, 0, 1, 0);
    /* splitmix64 from state 0: a published sequence, so a port of this code
       to another compiler or machine can be checked against it. */
    assert_true(KiPctRandom(&p) == 0xE220A8397B1DCDAFull);
    assert_true(KiPctRandom(&p) == 0x6E789E6AA1B965F4ull);
}

static void change_points_fall_in_range(void **state)
{
    KPCT p;
    ULONG seed;
    int i;

    for (seed = 0; seed < 1000; seed++) {
        KiPctInitialize(&p, seed, 5, 17);
        assert_int_equal(p.ChangePoints[0], 0);
        for (i = 1; i < 5; i++)
            assert_true(p.ChangePoints[i] >= 1 && p.ChangePoints[i] <= 17);
        for (i = 0; i < 10; i++)
            assert_true(KiPctNewPriority(&p) >= 5);
    }
}

static void steps_drop_at_change_points(void **state)
{
    KPCT p;
    ULONG step, drops = 0, last = 0;

    KiPctInitialize(&p, 7, 4, 30);
    for (step = 1; step <= 30; step++) {
        ULONG drop = KiPctStep(&p);
        if (drop != 0) {
            drops++;
            assert_true(drop >= 1 && drop <= 3);
            last = drop;
        }
    }
    assert_true(drops >= 1 && drops <= 3);
    assert_true(last >= 1);
    assert_int_equal(p.Step, 30);
}

static void no_steps_means_no_change_points(void **state)
{
    KPCT p;
    int i;

    KiPctInitialize(&p, 9, 3, 0);
    for (i = 0; i < 1000; i++)
        assert_int_equal(KiPctStep(&p), 0);
}

static void depth_is_clamped(void **state)
{
    KPCT p;

    KiPctInitialize(&p, 1, 0, 10);
    assert_int_equal(p.Depth, 1);
    KiPctInitialize(&p, 1, 99, 10);
    assert_int_equal(p.Depth, PCT_MAX_DEPTH);
}

static void decisions_round_trip_as_text(void **state)
{
    static KDECISIONS list, back;
    char text[64];

    KiInitializeDecisions(&list);
    KiRecordDecision(&list, 291, 12, 45, FALSE);
    KiRecordDecision(&list, 185, 300, 0, FALSE);
    KiRecordDecision(&list, 291, 13, 7, FALSE);
    assert_int_equal(KiFormatDecisions(&list, text, sizeof(text)), 28);
    assert_string_equal(text, "291.12:45,185.300:0,291.13:7");
    assert_true(KiParseDecisions(text, &back));
    assert_int_equal(back.Count, 3);
    assert_int_equal(back.Entry[2].Thread, 291);
    assert_int_equal(back.Entry[2].Moment, 13);
    assert_int_equal(back.Entry[2].Choice, 7);
    assert_int_equal(KiFormatDecisions(&list, text, 12), 28);    /* too small: empty, told */
    assert_int_equal(strlen(text), 0);
}

static void bad_decision_text_is_refused_whole(void **state)
{
    static KDECISIONS list;
    static const char *bad[] = { "12", "1.2", "1.2:", ".4:1", "1.2:4,", "1.2:4,1.2:5",
                                 "1.0:1", "1.2:4;1.3:5", "a.b:c", "1.2:4 ", "-1.2:2",
                                 "1.2:99999999999", "1:2.3" };

    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_false(KiParseDecisions(bad[i], &list));
        assert_int_equal(list.Count, 0);
    }
    assert_true(KiParseDecisions("", &list));
    assert_int_equal(list.Count, 0);
}

static void replay_finds_a_threads_moment(void **state)
{
    static KDECISIONS list;
    ULONG choice = 99;

    assert_true(KiParseDecisions("7.5:1,3.9:2,7.10:3", &list));
    assert_true(KiSortDecisions(&list));
    assert_true(KiDecisionAt(&list, 7, 5, &choice) && choice == 1);
    assert_true(KiDecisionAt(&list, 3, 9, &choice) && choice == 2);
    assert_true(KiDecisionAt(&list, 7, 10, &choice) && choice == 3);
    assert_false(KiDecisionAt(&list, 3, 5, &choice));
    assert_false(KiDecisionAt(&list, 7, 9, &choice));
    assert_false(KiDecisionAt(&list, 8, 10, &choice));
}

static void recording_past_the_end_is_flagged(void **state)
{
    static KDECISIONS list;

    KiInitializeDecisions(&list);
    for (ULONG i = 1; i <= KDECISION_MAX + 1; i++)
        KiRecordDecision(&list, 1, i, 0, FALSE);
    assert_int_equal(list.Count, KDECISION_MAX);
    assert_true(list.Overflow);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_seed_same_decisions),
        cmocka_unit_test(splitmix_reference_values),
        cmocka_unit_test(change_points_fall_in_range),
        cmocka_unit_test(steps_drop_at_change_points),
        cmocka_unit_test(no_steps_means_no_change_points),
        cmocka_unit_test(depth_is_clamped),
        cmocka_unit_test(decisions_round_trip_as_text),
        cmocka_unit_test(bad_decision_text_is_refused_whole),
        cmocka_unit_test(replay_finds_a_threads_moment),
        cmocka_unit_test(recording_past_the_end_is_flagged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
