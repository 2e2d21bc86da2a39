/*
 * ntstring.h - NT's counted 8-bit string, shared by the kernel, user/ and
 * the host builds of the same sources.
 *
 * Length counts the bytes in use and MaximumLength the bytes Buffer can
 * hold; neither counts a terminator and Buffer need not have one. Object
 * names, symbolic-link targets and paths are STRINGs (NT uses UNICODE_STRING
 * for these; irplab's names are ASCII, so the 8-bit shape is the one kept).
 * kernel/rtl/string.c has the Rtl helpers that work on them.
 */
#ifndef NTSTRING_H
#define NTSTRING_H

#include "ntdef.h"

typedef struct _STRING {
    USHORT Length;          /* bytes in use */
    USHORT MaximumLength;   /* bytes Buffer holds */
    PCHAR Buffer;
} STRING, *PSTRING, ANSI_STRING, *PANSI_STRING;

typedef const STRING *PCSTRING;

#endif
