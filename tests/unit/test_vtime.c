/*
 * test_vtime.c - kernel time and timers on the host: kernel/ke/time.c and
 * kernel/ke/timer.c with the dispatcher calls they make replaced here.
 * Under pct kernel time is virtual: it moves only when told, relative due
 * times are taken from it, timers expire in due order and only when due,
 * and a blocked time jump is counted.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "ke/ke.h"
#include "trace/trace.h"

KBOOT_ARGS KeBootArgs = { .Sched = SCHED_POLICY_PCT };
static ULONG Fired[16], FiredCount, DpcsQueued, NextId;

ULONG64 KeQueryRealTime(VOID) { return 999; }
ULONG KiNextObjectId(VOID) { return ++NextId; }
KIRQL KiLockDispatcherDatabase(VOID) { return PASSIVE_LEVEL; }
VOID KiUnlockDispatcherDatabase(KIRQL Irql) { }
VOID TrLog(ULONG Type, ULONG A, ULONG B, ULONG C) { }
VOID KeBugCheckEx(ULONG Code, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3, ULONG_PTR P4)
{
    fail_msg("bugcheck 0x%x", Code);
    abort();
}

VOID KiInitializeDispatcherHeader(DISPATCHER_HEADER *Header, UCHAR Type, LONG State)
{
    Header->Type = Type;
    Header->SignalState = State;
    Header->Id = KiNextObjectId();
    InitializeListHead(&Header->WaitListHead);
}

VOID KiWaitTest(DISPATCHER_HEADER *Object)
{
    Fired[FiredCount++] = Object->Id;
}

VOID KeInitializeDpc(PKDPC Dpc, PKDEFERRED_ROUTINE Routine, PVOID Context) { }
BOOLEAN KeInsertQueueDpc(PKDPC Dpc, PVOID A1, PVOID A2) { DpcsQueued++; return TRUE; }

static int reset(void **state)
{
    KiResetKernelTime();
    FiredCount = DpcsQueued = 0;
    return 0;
}

static void virtual_time_moves_only_when_told(void **state)
{
    assert_true(KeQueryKernelTime() == 0);
    KiAdvanceVirtualTime(KTIME_POINT_STEP);
    KiAdvanceVirtualTime(5 * KTIME_PER_MS);
    assert_true(KeQueryKernelTime() == 5 * KTIME_PER_MS + KTIME_POINT_STEP);
}

static void timers_expire_in_due_order(void **state)
{
    KTIMER a, b, c;
    KDPC dpc;
    ULONG64 due;

    KeInitializeTimer(&a);
    KeInitializeTimer(&b);
    KeInitializeTimer(&c);
    KiAdvanceVirtualTime(1000);
    assert_false(KeSetTimer(&a, -30, NULL));       /* relative: due at 1030 */
    assert_false(KeSetTimer(&b, 1010, &dpc));       /* absolute */
    assert_false(KeSetTimer(&c, -20, NULL));        /* due at 1020 */
    assert_true(KiNextTimerDue(&due) && due == 1010);
    KiExpireTimers(1009);
    assert_int_equal(FiredCount, 0);
    KiExpireTimers(1020);
    assert_int_equal(FiredCount, 2);
    assert_int_equal(Fired[0], b.Header.Id);
    assert_int_equal(Fired[1], c.Header.Id);
    assert_int_equal(DpcsQueued, 1);
    assert_true(KeReadStateTimer(&b) && !KeReadStateTimer(&a));
    assert_true(KeCancelTimer(&a));
    assert_false(KiNextTimerDue(&due));
}

static void a_due_time_in_the_past_signals_at_once(void **state)
{
    KTIMER t;

    KeInitializeTimer(&t);
    KiAdvanceVirtualTime(500);
    KeSetTimer(&t, 100, NULL);
    assert_int_equal(FiredCount, 1);
    assert_true(KeReadStateTimer(&t));
    assert_false(t.Inserted);
}

static void resetting_a_timer_moves_it(void **state)
{
    KTIMER t;
    ULONG64 due;

    KeInitializeTimer(&t);
    assert_false(KeSetTimer(&t, -100, NULL));
    assert_true(KeSetTimer(&t, -50, NULL));     /* was inserted */
    assert_true(KiNextTimerDue(&due) && due == 50);
    assert_true(KeCancelTimer(&t));
    assert_false(KeCancelTimer(&t));
}

static void setting_time_back_keeps_each_timers_time_left(void **state)
{
    KTIMER a, b;
    ULONG64 due;

    KeInitializeTimer(&a);
    KeInitializeTimer(&b);
    KiAdvanceVirtualTime(5000);
    KeSetTimer(&a, -300, NULL);                 /* 300 left */
    KeSetTimer(&b, -100, NULL);                 /* 100 left */
    KeSetVirtualTime(1000);
    assert_true(KeQueryKernelTime() == 1000);
    assert_true(KiNextTimerDue(&due) && due == 1100);
    KiExpireTimers(1099);
    assert_int_equal(FiredCount, 0);
    KiExpireTimers(1300);
    assert_int_equal(FiredCount, 2);
    assert_int_equal(Fired[0], b.Header.Id);
    KeSetVirtualTime(2000);                     /* never forward */
    assert_true(KeQueryKernelTime() == 1000);
}

static void time_jumps_can_be_blocked(void **state)
{
    assert_true(KiVirtualTimeCanJump());
    KeBlockTimeJump();
    KeBlockTimeJump();
    assert_false(KiVirtualTimeCanJump());
    KeUnblockTimeJump();
    assert_false(KiVirtualTimeCanJump());
    KeUnblockTimeJump();
    assert_true(KiVirtualTimeCanJump());
}

static void rr_kernel_time_is_the_real_clock(void **state)
{
    KeBootArgs.Sched = SCHED_POLICY_RR;
    assert_true(KeQueryKernelTime() == 999 * KTIME_PER_MS);
    KeBootArgs.Sched = SCHED_POLICY_PCT;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(virtual_time_moves_only_when_told, reset),
        cmocka_unit_test_setup(timers_expire_in_due_order, reset),
        cmocka_unit_test_setup(a_due_time_in_the_past_signals_at_once, reset),
        cmocka_unit_test_setup(resetting_a_timer_moves_it, reset),
        cmocka_unit_test_setup(setting_time_back_keeps_each_timers_time_left, reset),
        cmocka_unit_test_setup(time_jumps_can_be_blocked, reset),
        cmocka_unit_test_setup(rr_kernel_time_is_the_real_clock, reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
