/*
 * rtl.h - run-time library code the kernel shares: doubly linked lists,
 * bitmaps, the key=value argument parser, counted strings.
 * Pure code: no locks, no
 * hardware, so tests/unit builds it for the host unchanged.
 *
 * Interface:
 *   list.h    LIST_ENTRY and its inline helpers
 *   bitmap.c  RtlInitializeBitMap, RtlSetBits, RtlClearBits, RtlCheckBit,
 *             RtlFindClearBitsAndSet, RtlNumberOfClearBits
 *   args.c    RtlParseArguments
 *   string.c  RtlInitString, RtlEqualString, RtlPrefixString, RtlCopyString,
 *             RtlUpperChar
 */
#ifndef RTL_H
#define RTL_H

#include "ntdef.h"
#include "rtl/list.h"

typedef struct _RTL_BITMAP {
    ULONG SizeOfBitMap;     /* bits */
    PULONG Buffer;
} RTL_BITMAP, *PRTL_BITMAP;

#define RTL_BITMAP_NOT_FOUND 0xFFFFFFFFu

VOID RtlInitializeBitMap(PRTL_BITMAP BitMap, PULONG Buffer, ULONG SizeOfBitMap);
VOID RtlSetBits(PRTL_BITMAP BitMap, ULONG StartingIndex, ULONG NumberToSet);
VOID RtlClearBits(PRTL_BITMAP BitMap, ULONG StartingIndex, ULONG NumberToClear);
BOOLEAN RtlCheckBit(PRTL_BITMAP BitMap, ULONG BitNumber);
ULONG RtlFindClearBitsAndSet(PRTL_BITMAP BitMap, ULONG NumberToFind, ULONG HintIndex);
ULONG RtlNumberOfClearBits(PRTL_BITMAP BitMap);

/*
 * args.c: a command line of whitespace-separated key=value words, checked
 * against a table. Each word is taken or reported (through Report, one line
 * of text) and skipped; nothing a user types can make the parser fail.
 */
typedef enum _RTL_ARG_TYPE {
    RtlArgName,     /* letters, digits, '_', '-', '.'; Value is char[Limit + 1] */
    RtlArgChoice,   /* one of Choices ("rr|pct"); Value is ULONG, the index */
    RtlArgNumber,   /* decimal or 0x hex, at most Limit; Value is ULONG */
    RtlArgList,     /* digits, '.', ':' and ','; Value is char[Limit + 1] */
    RtlArgRefused,  /* known, not implemented yet: reported with Choices (why), ignored */
} RTL_ARG_TYPE;

typedef struct _RTL_ARG_SPEC {
    const char *Name;
    RTL_ARG_TYPE Type;
    const char *Choices;
    ULONG Limit;
    PVOID Value;
} RTL_ARG_SPEC;

typedef VOID (*PRTL_ARG_REPORT)(const char *Message);

#define RTL_ARG_WORD_MAX 512

ULONG RtlParseArguments(const char *CommandLine, const RTL_ARG_SPEC *Specs, ULONG SpecCount,
                        PRTL_ARG_REPORT Report);

/*
 * string.c: counted 8-bit strings (include/ntstring.h). Comparisons fold
 * ASCII case when asked; nothing here allocates.
 */
#include "ntstring.h"

CHAR RtlUpperChar(CHAR Character);
VOID RtlInitString(PSTRING String, PCSTR Source);
BOOLEAN RtlEqualString(PCSTRING String1, PCSTRING String2, BOOLEAN CaseInsensitive);
BOOLEAN RtlPrefixString(PCSTRING Prefix, PCSTRING String, BOOLEAN CaseInsensitive);
VOID RtlCopyString(PSTRING Destination, PCSTRING Source);

#endif
