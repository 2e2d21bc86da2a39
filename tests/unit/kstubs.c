/*
 * kstubs.c - the spinlock calls pure kernel code makes, stood in for on the
 * host: a spinlock taken twice, or released when free, fails the test (on
 * the real kernel it would bugcheck SPIN_LOCK_ALREADY_OWNED or corrupt the
 * lock). Each test keeps its own KeBugCheckEx: some expect a bugcheck and
 * catch it with longjmp, others treat any bugcheck as a failure.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "ke/ke.h"

VOID KeInitializeSpinLock(PKSPIN_LOCK Lock, KLOCK_RANK Rank, const char *Name)
{
    Lock->Owned = 0;
    Lock->Rank = (UCHAR)Rank;
    Lock->Name = Name;
}

VOID KeAcquireSpinLock(PKSPIN_LOCK Lock, PKIRQL OldIrql)
{
    assert_int_equal(Lock->Owned, 0);
    Lock->Owned = 1;
    *OldIrql = 0;
}

VOID KeReleaseSpinLock(PKSPIN_LOCK Lock, KIRQL OldIrql)
{
    assert_int_equal(Lock->Owned, 1);
    Lock->Owned = 0;
}
