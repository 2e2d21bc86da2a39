/*
 * pool.c - ExAllocatePoolWithTag and ExFreePoolWithTag over newlib's malloc.
 *
 * Each block carries a header with its tag, size and a state word; each tag
 * has a tracker (allocations, frees, bytes outstanding), which is what the
 * leak audit at the end of every test and the `pool` console command read.
 * Freeing a block twice, or with another tag, or a pointer that was never a
 * pool block is a caller bug and bugchecks BAD_POOL_CALLER, as NT does.
 *
 * Both pool types come from the same non-paged memory: nothing pages here.
 *
 * Low-resource simulation, as Driver Verifier's: ExArmPoolFailure(N) makes
 * the pool count the allocations that may fail - every ExAllocatePoolWithTag
 * and every block a lookaside list hands out (ExpInjectPoolFailure) - and
 * fail the Nth with NULL, as if memory had run out; N 0 only counts.
 * ExDisarmPoolFailure says how many were counted and which one failed (its
 * tag and caller). Nothing that must not fail allocates from the pool: the
 * bugcheck path and the trace use static buffers, so nothing is exempt.
 */
#include <stdlib.h>
#include <string.h>
#include "ke/ke.h"
#include "mm/mm.h"

/* __builtin_return_address(1), the allocator's caller's caller: safe here,
   where every function keeps a frame pointer (-fno-omit-frame-pointer). */
#pragma GCC diagnostic ignored "-Wframe-address"

#define POOL_STATE_LIVE     0x4C697665u     /* "Live" */
#define POOL_STATE_FREE     0x46726565u     /* "Free" */
#define POOL_TRACKER_MAX    96
#define POOL_TAG_OVERFLOW   POOL_TAG('O', 'v', 'f', 'l')

/* BAD_POOL_CALLER first parameters (NT's meanings). */
#define BAD_POOL_FREED_TWICE    0x07
#define BAD_POOL_WRONG_TAG      0x0A
#define BAD_POOL_NOT_A_BLOCK    0x09

/*
 * A freed block's first 16 bytes become the allocator's free-list links
 * (newlib: 8, glibc on the host: 16), so Tag and State come after them and
 * survive a free long enough to catch the common double free. Detection is
 * best effort, as NT's is: a block that was merged or reused is past saving.
 */
typedef struct _POOL_HEADER {
    SIZE_T Size;
    ULONG Tracker;          /* index into ExpPoolTrackers */
    ULONG Reserved;
    ULONG Tag;
    ULONG State;
} __attribute__((aligned(8))) POOL_HEADER;

static POOL_TRACKER ExpPoolTrackers[POOL_TRACKER_MAX];
static ULONG ExpPoolTrackerCount;
static KSPIN_LOCK ExpPoolLock = KSPIN_LOCK_INIT(LockRankExPool, "ExpPoolLock");

/* Tag to tracker, open addressing: slot holds tracker index + 1, 0 empty.
   Twice the trackers' size, so a probe ends quickly at an empty slot. */
#define POOL_TAG_SLOTS 256
static UCHAR ExpTagSlots[POOL_TAG_SLOTS];

/* The simulation, guarded by ExpPoolLock; ExPoolFailureArmed is read
   without it first, so that an unarmed pool never walks a frame. */
volatile BOOLEAN ExPoolFailureArmed;
static ULONG ExpFailureNth;
static POOL_FAILURE ExpFailure;

static ULONG ExpTagSlot(ULONG Tag)
{
    return (Tag * 2654435761u) >> 24;
}

/* The tracker for Tag, made if new. The last slot is the overflow tracker,
   'Ovfl', which counts every tag that came after the table filled up.
   Called with ExpPoolLock held. */
static ULONG ExpFindTracker(ULONG Tag)
{
    ULONG slot = ExpTagSlot(Tag), i;

    while (ExpTagSlots[slot] != 0) {
        if (ExpPoolTrackers[ExpTagSlots[slot] - 1].Tag == Tag)
            return ExpTagSlots[slot] - 1;
        slot = (slot + 1) % POOL_TAG_SLOTS;
    }
    if (ExpPoolTrackerCount == POOL_TRACKER_MAX)
        return POOL_TRACKER_MAX - 1;
    i = ExpPoolTrackerCount++;
    ExpPoolTrackers[i].Tag = i == POOL_TRACKER_MAX - 1 ? POOL_TAG_OVERFLOW : Tag;
    if (i != POOL_TRACKER_MAX - 1)
        ExpTagSlots[slot] = (UCHAR)(i + 1);
    return i;
}

VOID ExArmPoolFailure(ULONG Nth)
{
    KIRQL irql;

    KeAcquireSpinLock(&ExpPoolLock, &irql);
    memset(&ExpFailure, 0, sizeof(ExpFailure));
    ExpFailureNth = Nth;
    ExPoolFailureArmed = TRUE;
    KeReleaseSpinLock(&ExpPoolLock, irql);
}

VOID ExDisarmPoolFailure(PPOOL_FAILURE Result)
{
    KIRQL irql;

    KeAcquireSpinLock(&ExpPoolLock, &irql);
    ExPoolFailureArmed = FALSE;
    if (Result != NULL)
        *Result = ExpFailure;
    KeReleaseSpinLock(&ExpPoolLock, irql);
}

/* Counts one allocation of Tag, asked for at Caller (in CallersCaller),
   while the simulation is armed; TRUE when it is the one to fail. */
BOOLEAN ExpInjectPoolFailure(ULONG Tag, PVOID Caller, PVOID CallersCaller)
{
    BOOLEAN fail = FALSE;
    KIRQL irql;

    KeAcquireSpinLock(&ExpPoolLock, &irql);
    if (ExPoolFailureArmed && ++ExpFailure.Counted == ExpFailureNth) {
        ExpFailure.Failed = TRUE;
        ExpFailure.Tag = Tag;
        ExpFailure.Caller = (ULONG_PTR)Caller;
        ExpFailure.CallersCaller = (ULONG_PTR)CallersCaller;
        fail = TRUE;
    }
    KeReleaseSpinLock(&ExpPoolLock, irql);
    return fail;
}

PVOID ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
    POOL_HEADER *h;
    KIRQL irql;

    if (NumberOfBytes > MM_HEAP_LIMIT - MM_HEAP_BASE)
        return NULL;
    if (ExPoolFailureArmed &&
        ExpInjectPoolFailure(Tag, __builtin_return_address(0), __builtin_return_address(1)))
        return NULL;
    h = malloc(sizeof(*h) + NumberOfBytes);
    if (h == NULL)
        return NULL;
    h->Tag = Tag;
    h->State = POOL_STATE_LIVE;
    h->Size = NumberOfBytes;
    KeAcquireSpinLock(&ExpPoolLock, &irql);
    h->Tracker = ExpFindTracker(Tag);
    ExpPoolTrackers[h->Tracker].Allocs++;
    ExpPoolTrackers[h->Tracker].Bytes += NumberOfBytes;
    KeReleaseSpinLock(&ExpPoolLock, irql);
    return h + 1;
}

/* Frees P. Tag 0 accepts any tag (ExFreePool); otherwise it must match. */
VOID ExFreePoolWithTag(PVOID P, ULONG Tag)
{
    POOL_HEADER *h = (POOL_HEADER *)P - 1;
    KIRQL irql;

    if (P == NULL || ((ULONG_PTR)P & 7) != 0)
        KeBugCheckEx(BAD_POOL_CALLER, BAD_POOL_NOT_A_BLOCK, (ULONG_PTR)P, 0, 0);
    if (h->State == POOL_STATE_FREE)
        KeBugCheckEx(BAD_POOL_CALLER, BAD_POOL_FREED_TWICE, (ULONG_PTR)P, h->Tag, 0);
    if (h->State != POOL_STATE_LIVE || h->Tracker >= ExpPoolTrackerCount)
        KeBugCheckEx(BAD_POOL_CALLER, BAD_POOL_NOT_A_BLOCK, (ULONG_PTR)P, h->State, 0);
    if (Tag != 0 && Tag != h->Tag)
        KeBugCheckEx(BAD_POOL_CALLER, BAD_POOL_WRONG_TAG, (ULONG_PTR)P, h->Tag, Tag);
    KeAcquireSpinLock(&ExpPoolLock, &irql);
    ExpPoolTrackers[h->Tracker].Frees++;
    ExpPoolTrackers[h->Tracker].Bytes -= h->Size;
    KeReleaseSpinLock(&ExpPoolLock, irql);
    h->State = POOL_STATE_FREE;
    free(h);
}

/* Copies up to Max trackers out; returns how many tags there are. */
ULONG ExQueryPoolTags(POOL_TRACKER *Trackers, ULONG Max)
{
    KIRQL irql;
    ULONG n;

    KeAcquireSpinLock(&ExpPoolLock, &irql);
    n = ExpPoolTrackerCount;
    memcpy(Trackers, ExpPoolTrackers, (n < Max ? n : Max) * sizeof(*Trackers));
    KeReleaseSpinLock(&ExpPoolLock, irql);
    return n;
}

VOID ExFormatPoolTag(ULONG Tag, char Text[5])
{
    int i;

    for (i = 0; i < 4; i++) {
        char c = (char)(Tag >> (8 * i));
        Text[i] = (c >= 0x20 && c < 0x7F) ? c : '.';
    }
    Text[4] = '\0';
}
