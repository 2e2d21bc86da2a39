/*
 * string.c - counted 8-bit strings (STRING, include/ntstring.h): making
 * one from a C string, comparing with or without case, prefixes.
 *
 * Case folding is ASCII only: object names and paths in irplab are ASCII,
 * and NT's own RtlUpperChar folds the same range for them.
 */
#include <string.h>
#include "rtl/rtl.h"

CHAR RtlUpperChar(CHAR Character)
{
    return (Character >= 'a' && Character <= 'z') ? (CHAR)(Character - 'a' + 'A') : Character;
}

/* Points String at Source (not copied). A NULL Source gives an empty
   string; a Source longer than a STRING can count is cut at 0xFFFE. */
VOID RtlInitString(PSTRING String, PCSTR Source)
{
    SIZE_T n = Source != NULL ? strlen(Source) : 0;

    if (n > 0xFFFE)
        n = 0xFFFE;
    String->Buffer = (PCHAR)Source;
    String->Length = (USHORT)n;
    String->MaximumLength = Source != NULL ? (USHORT)(n + 1) : 0;
}

/* TRUE when the first Length bytes of A and B match. */
static BOOLEAN RtlpEqualBytes(const CHAR *A, const CHAR *B, ULONG Length, BOOLEAN CaseInsensitive)
{
    ULONG i;

    if (!CaseInsensitive)
        return memcmp(A, B, Length) == 0;
    for (i = 0; i < Length; i++) {
        if (RtlUpperChar(A[i]) != RtlUpperChar(B[i]))
            return FALSE;
    }
    return TRUE;
}

BOOLEAN RtlEqualString(PCSTRING String1, PCSTRING String2, BOOLEAN CaseInsensitive)
{
    return String1->Length == String2->Length &&
           RtlpEqualBytes(String1->Buffer, String2->Buffer, String1->Length, CaseInsensitive);
}

/* TRUE when String begins with Prefix (an empty Prefix begins everything). */
BOOLEAN RtlPrefixString(PCSTRING Prefix, PCSTRING String, BOOLEAN CaseInsensitive)
{
    return Prefix->Length <= String->Length &&
           RtlpEqualBytes(Prefix->Buffer, String->Buffer, Prefix->Length, CaseInsensitive);
}

/* Copies as much of Source as Destination can hold (NT's rule: a short
   destination gets a cut copy, not an error). A NULL Source empties it. */
VOID RtlCopyString(PSTRING Destination, PCSTRING Source)
{
    USHORT n;

    if (Source == NULL) {
        Destination->Length = 0;
        return;
    }
    n = Source->Length < Destination->MaximumLength ? Source->Length
                                                    : Destination->MaximumLength;
    memmove(Destination->Buffer, Source->Buffer, n);
    Destination->Length = n;
}
