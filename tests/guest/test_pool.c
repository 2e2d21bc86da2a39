/*
 * test_pool.c - the pool's accounting, seen from a driver's side: blocks
 * are usable, counted per tag, and the counts come back to where they were.
 */
#include <string.h>
#include "mm/mm.h"
#include "tests/guest/gtest.h"

#define TAG_A POOL_TAG('G', 't', 'A', ' ')
#define TAG_B POOL_TAG('G', 't', 'B', ' ')

static const POOL_TRACKER *GtFindTag(const POOL_TRACKER *t, ULONG n, ULONG Tag)
{
    ULONG i;

    for (i = 0; i < n; i++) {
        if (t[i].Tag == Tag)
            return &t[i];
    }
    return NULL;
}

static VOID GtPoolCountsPerTag(VOID)
{
    POOL_TRACKER t[128];
    const POOL_TRACKER *a, *b;
    PVOID p1 = ExAllocatePoolWithTag(NonPagedPool, 100, TAG_A);
    PVOID p2 = ExAllocatePoolWithTag(PagedPool, 28, TAG_A);
    PVOID p3 = ExAllocatePoolWithTag(NonPagedPool, 7, TAG_B);
    ULONG n = ExQueryPoolTags(t, 128);

    GT_CHECK(p1 != NULL && p2 != NULL && p3 != NULL);
    a = GtFindTag(t, n, TAG_A);
    b = GtFindTag(t, n, TAG_B);
    GT_CHECK(a != NULL && a->Allocs == 2 && a->Frees == 0 && a->Bytes == 128);
    GT_CHECK(b != NULL && b->Allocs == 1 && b->Bytes == 7);
    ExFreePoolWithTag(p1, TAG_A);
    ExFreePoolWithTag(p2, 0);
    ExFreePoolWithTag(p3, TAG_B);
    n = ExQueryPoolTags(t, 128);
    a = GtFindTag(t, n, TAG_A);
    GT_CHECK(a != NULL && a->Frees == 2 && a->Bytes == 0);
}

/* Blocks do not overlap and keep what is written to them. */
static VOID GtPoolBlocksAreDistinct(VOID)
{
    PUCHAR p[16];
    int i, j, good = 1;

    for (i = 0; i < 16; i++) {
        p[i] = ExAllocatePoolWithTag(NonPagedPool, 64 + i * 37, TAG_A);
        GT_CHECK(p[i] != NULL && ((ULONG_PTR)p[i] & 7) == 0);
        memset(p[i], i, 64 + i * 37);
    }
    for (i = 0; i < 16; i++) {
        for (j = 0; j < 64 + i * 37; j++)
            good &= p[i][j] == i;
        ExFreePoolWithTag(p[i], TAG_A);
    }
    GT_CHECK(good);
}

/* A large block grows the heap through sbrk; freeing gives the pages back
   to the allocator once malloc trims. */
static VOID GtPoolLargeBlock(VOID)
{
    MM_PHYSICAL_INFO before, during;
    PUCHAR p;

    MmQueryPhysical(&before);
    p = ExAllocatePoolWithTag(NonPagedPool, 1024 * 1024, TAG_B);
    GT_CHECK(p != NULL);
    if (p == NULL)
        return;
    p[0] = 1;
    p[1024 * 1024 - 1] = 2;
    MmQueryPhysical(&during);
    GT_CHECK(during.FreePages + 256 <= before.FreePages);
    GT_CHECK(p[0] == 1 && p[1024 * 1024 - 1] == 2);
    ExFreePoolWithTag(p, TAG_B);
}

static VOID GtPoolRefusesImpossible(VOID)
{
    GT_CHECK(ExAllocatePoolWithTag(NonPagedPool, 0x7FFFFFF0, TAG_B) == NULL);
}

static const GT_CASE GtPoolCases[] = {
    { "counts_per_tag", GtPoolCountsPerTag },
    { "blocks_are_distinct", GtPoolBlocksAreDistinct },
    { "large_block", GtPoolLargeBlock },
    { "refuses_impossible_size", GtPoolRefusesImpossible },
};

const GT_SUITE GtPoolSuite = GT_SUITE_ENTRY("pool", "pool allocation and per-tag accounting",
                                            GtPoolCases);
