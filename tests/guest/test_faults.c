/*
 * test_faults.c - faults that must end in the right STOP screen. Each suite
 * announces the STOP it expects and then commits the fault; the host
 * harness checks the code, the name, a symbolized backtrace that names the
 * faulting function, and the bugcheck exit status. Reaching the line after
 * the fault is itself a failure.
 */
#include <stdio.h>
#include "ke/ke.h"
#include "mm/mm.h"
#include "tests/guest/gtest.h"

/* volatile: the compiler must not prove the fault away. */
static volatile ULONG GtZero;
static volatile ULONG GtSink;
static volatile ULONG GtRecursionLimit = 0xFFFFFFFF;

static VOID __attribute__((noinline)) GtTouchUnmappedPage(VOID)
{
    GtExpectStop(PAGE_FAULT_IN_NONPAGED_AREA);
    *(volatile ULONG *)(0x10 + GtZero) = 0xDEAD;
    GT_CHECK(!"the write to an unmapped page returned");
}

static VOID __attribute__((noinline)) GtDivideByZero(VOID)
{
    GtExpectStop(KMODE_EXCEPTION_NOT_HANDLED);
    GtSink = 100 / GtZero;
    GT_CHECK(!"the division by zero returned");
}

/* Each frame holds 1 KiB of locals, so the boot stack (16 KiB) runs into
   its guard page within a few dozen calls, touching every page on the way
   (a frame larger than the guard page could step over it; the kernel is
   built with -fstack-clash-protection for that). */
static ULONG __attribute__((noinline)) GtRecurse(ULONG Depth)
{
    volatile UCHAR frame[1024];

    frame[0] = (UCHAR)Depth;
    frame[1023] = (UCHAR)Depth;
    if (Depth == GtRecursionLimit)
        return frame[GtZero];
    return GtRecurse(Depth + 1) + frame[GtZero];
}

static VOID __attribute__((noinline)) GtOverflowStack(VOID)
{
    GtExpectStop(UNEXPECTED_KERNEL_MODE_TRAP);
    GtSink = GtRecurse(0);
    GT_CHECK(!"the stack overflow returned");
}

static VOID __attribute__((noinline)) GtFreeTwice(VOID)
{
    PVOID p = ExAllocatePoolWithTag(NonPagedPool, 16, POOL_TAG('G', 't', 'D', 'f'));

    GtExpectStop(BAD_POOL_CALLER);
    ExFreePoolWithTag(p, 0);
    ExFreePoolWithTag(p, 0);
    GT_CHECK(!"the second free returned");
}

static VOID GtRecurseOnThread(PVOID Context)
{
    GtSink = GtRecurse(0);
}

/* A thread's stack has its own guard page: the overflow reaches the
   double-fault task just as the boot stack's does. */
static VOID __attribute__((noinline)) GtOverflowThreadStack(VOID)
{
    GtExpectStop(UNEXPECTED_KERNEL_MODE_TRAP);
    GtJoinThread(GtStartThread("overflow", NORMAL_PRIORITY, GtRecurseOnThread, NULL));
    GT_CHECK(!"the thread's stack overflow returned");
}

static VOID GtReleaseOthersMutex(PVOID Context)
{
    KeReleaseMutex(Context, FALSE);
}

static VOID __attribute__((noinline)) GtReleaseNotOwned(VOID)
{
    static KMUTEX m;

    KeInitializeMutex(&m, LockRankTestMutex, "GtStolenMutex");
    KeWaitForSingleObject(&m, Executive, KernelMode, FALSE, NULL);
    GtExpectStop(THREAD_NOT_MUTEX_OWNER);
    GtJoinThread(GtStartThread("thief", NORMAL_PRIORITY, GtReleaseOthersMutex, &m));
    GT_CHECK(!"releasing another thread's mutex returned");
}

/* Two spin locks in their order, then the other way round: the checker
   stops the second acquire of the second pair and names both. */
static KSPIN_LOCK GtOrderFirst = KSPIN_LOCK_INIT(LockRankTestFirst, "GtOrderFirst");
static KSPIN_LOCK GtOrderSecond = KSPIN_LOCK_INIT(LockRankTestSecond, "GtOrderSecond");

static VOID __attribute__((noinline)) GtTakeSpinLocksOutOfOrder(VOID)
{
    KIRQL first, second;

    KeAcquireSpinLock(&GtOrderFirst, &first);
    KeAcquireSpinLock(&GtOrderSecond, &second);
    KeReleaseSpinLock(&GtOrderSecond, second);
    KeReleaseSpinLock(&GtOrderFirst, first);
    GtExpectStop(DRIVER_VERIFIER_DETECTED_VIOLATION);
    KeAcquireSpinLock(&GtOrderSecond, &second);
    KeAcquireSpinLock(&GtOrderFirst, &first);
    GT_CHECK(!"taking GtOrderFirst under GtOrderSecond returned");
}

/* The same with two mutexes: the wait for the first under the second is
   stopped before it waits. */
static VOID __attribute__((noinline)) GtTakeMutexesOutOfOrder(VOID)
{
    static KMUTEX first, second;

    KeInitializeMutex(&first, LockRankTestMutex, "GtMutexFirst");
    KeInitializeMutex(&second, LockRankTestMutexSecond, "GtMutexSecond");
    KeWaitForSingleObject(&first, Executive, KernelMode, FALSE, NULL);
    KeWaitForSingleObject(&second, Executive, KernelMode, FALSE, NULL);
    KeReleaseMutex(&second, FALSE);
    KeReleaseMutex(&first, FALSE);
    GtExpectStop(DRIVER_VERIFIER_DETECTED_VIOLATION);
    KeWaitForSingleObject(&second, Executive, KernelMode, FALSE, NULL);
    KeWaitForSingleObject(&first, Executive, KernelMode, FALSE, NULL);
    GT_CHECK(!"taking GtMutexFirst under GtMutexSecond returned");
}

static const GT_CASE GtSpinOrderCases[] = { { "spin_locks_out_of_order", GtTakeSpinLocksOutOfOrder } };
static const GT_CASE GtMutexOrderCases[] = { { "mutexes_out_of_order", GtTakeMutexesOutOfOrder } };

const GT_SUITE GtLockOrderSuite = GT_SUITE_ENTRY("lockorder",
    "a spin lock taken under one of a higher rank bugchecks 0xC4(0x1001)", GtSpinOrderCases);
const GT_SUITE GtMutexOrderSuite = GT_SUITE_ENTRY("mutexorder",
    "a mutex waited for under one of a higher rank bugchecks 0xC4(0x1001)", GtMutexOrderCases);

static const GT_CASE GtThreadOverflowCases[] = { { "overflow_thread_stack", GtOverflowThreadStack } };
static const GT_CASE GtMutexOwnerCases[] = { { "release_unowned_mutex", GtReleaseNotOwned } };

const GT_SUITE GtThreadOverflowSuite = GT_SUITE_ENTRY("threadoverflow",
    "a thread's stack overflow bugchecks 0x7F(8) through the double-fault task",
    GtThreadOverflowCases);
const GT_SUITE GtMutexOwnerSuite = GT_SUITE_ENTRY("mutexowner",
    "releasing a mutex one does not own bugchecks 0x11", GtMutexOwnerCases);

static const GT_CASE GtPageFaultCases[] = { { "write_unmapped_page", GtTouchUnmappedPage } };
static const GT_CASE GtDivideCases[] = { { "divide_by_zero", GtDivideByZero } };
static const GT_CASE GtStackOverflowCases[] = { { "overflow_boot_stack", GtOverflowStack } };
static const GT_CASE GtDoubleFreeCases[] = { { "free_pool_twice", GtFreeTwice } };

const GT_SUITE GtPageFaultSuite = GT_SUITE_ENTRY("pagefault",
    "a write to an unmapped page bugchecks 0x50", GtPageFaultCases);
const GT_SUITE GtDivideSuite = GT_SUITE_ENTRY("divide",
    "a divide error bugchecks 0x1E with STATUS_INTEGER_DIVIDE_BY_ZERO", GtDivideCases);
const GT_SUITE GtStackOverflowSuite = GT_SUITE_ENTRY("stackoverflow",
    "a stack overflow into the guard page bugchecks 0x7F(8) through the double-fault task",
    GtStackOverflowCases);
const GT_SUITE GtDoubleFreeSuite = GT_SUITE_ENTRY("doublefree",
    "freeing a pool block twice bugchecks 0xC2", GtDoubleFreeCases);
