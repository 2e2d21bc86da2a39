/*
 * symbols.c - address to function name, for backtraces.
 *
 * The table is sorted by address (tools/ksyms.sh writes it from `nm -n`
 * after a first link). An address belongs to the last symbol at or below
 * it, as long as it is inside the text: past TextEnd it is data, not code.
 */
#include "ke/ke.h"

const char *KiLookupSymbol(const KSYMBOL *Table, ULONG Count, ULONG_PTR TextEnd,
                           ULONG_PTR Address, ULONG_PTR *Offset)
{
    ULONG lo = 0, hi = Count;

    if (Count == 0 || Address < Table[0].Address || Address >= TextEnd)
        return NULL;
    /* Invariant: Table[lo].Address <= Address, and every entry at or past hi
       is above it. */
    while (hi - lo > 1) {
        ULONG mid = lo + (hi - lo) / 2;
        if (Table[mid].Address <= Address)
            lo = mid;
        else
            hi = mid;
    }
    *Offset = Address - Table[lo].Address;
    return Table[lo].Name;
}
