/*
 * bitmap.c - bitmaps of any size over a caller's array of ULONGs. Bit n is
 * bit (n % 32) of Buffer[n / 32]. The physical page allocator is the first
 * user: one bit per page, set when the page is taken.
 */
#include "rtl/rtl.h"

VOID RtlInitializeBitMap(PRTL_BITMAP BitMap, PULONG Buffer, ULONG SizeOfBitMap)
{
    BitMap->Buffer = Buffer;
    BitMap->SizeOfBitMap = SizeOfBitMap;
}

BOOLEAN RtlCheckBit(PRTL_BITMAP BitMap, ULONG BitNumber)
{
    if (BitNumber >= BitMap->SizeOfBitMap)
        return FALSE;
    return (BitMap->Buffer[BitNumber / 32] >> (BitNumber % 32)) & 1;
}

/* Sets or clears [Start, Start + Count), clipped to the bitmap. */
static VOID RtlpSetRange(PRTL_BITMAP BitMap, ULONG Start, ULONG Count, BOOLEAN Set)
{
    ULONG end, i;

    if (Start >= BitMap->SizeOfBitMap)
        return;
    end = Count > BitMap->SizeOfBitMap - Start ? BitMap->SizeOfBitMap : Start + Count;
    for (i = Start; i < end; i++) {
        if (i % 32 == 0 && end - i >= 32) {
            BitMap->Buffer[i / 32] = Set ? 0xFFFFFFFFu : 0;
            i += 31;
        } else if (Set) {
            BitMap->Buffer[i / 32] |= 1u << (i % 32);
        } else {
            BitMap->Buffer[i / 32] &= ~(1u << (i % 32));
        }
    }
}

VOID RtlSetBits(PRTL_BITMAP BitMap, ULONG StartingIndex, ULONG NumberToSet)
{
    RtlpSetRange(BitMap, StartingIndex, NumberToSet, TRUE);
}

VOID RtlClearBits(PRTL_BITMAP BitMap, ULONG StartingIndex, ULONG NumberToClear)
{
    RtlpSetRange(BitMap, StartingIndex, NumberToClear, FALSE);
}

/* The first run of Count clear bits in [From, To), or RTL_BITMAP_NOT_FOUND. */
static ULONG RtlpFindClearRun(PRTL_BITMAP BitMap, ULONG Count, ULONG From, ULONG To)
{
    ULONG run = 0, i;

    for (i = From; i < To; i++) {
        if (i % 32 == 0 && run == 0 && To - i >= 32 && BitMap->Buffer[i / 32] == 0xFFFFFFFFu) {
            i += 31;
            continue;
        }
        run = RtlCheckBit(BitMap, i) ? 0 : run + 1;
        if (run == Count)
            return i + 1 - Count;
    }
    return RTL_BITMAP_NOT_FOUND;
}

/* Finds Count clear bits in a row, searching from HintIndex and wrapping
   round to the start, sets them and returns the first index. */
ULONG RtlFindClearBitsAndSet(PRTL_BITMAP BitMap, ULONG NumberToFind, ULONG HintIndex)
{
    ULONG size = BitMap->SizeOfBitMap, found;

    if (NumberToFind == 0 || NumberToFind > size)
        return RTL_BITMAP_NOT_FOUND;
    if (HintIndex >= size)
        HintIndex = 0;
    found = RtlpFindClearRun(BitMap, NumberToFind, HintIndex, size);
    if (found == RTL_BITMAP_NOT_FOUND && HintIndex != 0) {
        ULONG to = HintIndex + NumberToFind - 1;
        found = RtlpFindClearRun(BitMap, NumberToFind, 0, to < size ? to : size);
    }
    if (found != RTL_BITMAP_NOT_FOUND)
        RtlSetBits(BitMap, found, NumberToFind);
    return found;
}

ULONG RtlNumberOfClearBits(PRTL_BITMAP BitMap)
{
    ULONG clear = 0, i;

    for (i = 0; i < BitMap->SizeOfBitMap; i++)
        clear += !RtlCheckBit(BitMap, i);
    return clear;
}
