/*
 * lineedit.h - the shell's line editor (lineedit.c): one line, a byte at a
 * time. Pure code over include/ntdef.h only, so that the shell image, the
 * host unit test (tests/unit/test_lineedit.c) and the fuzzer
 * (tests/fuzz/fuzz_lineedit.c) all build it unchanged.
 *
 * ShEditLine puts what to echo (at most SH_LINE_ECHO_MAX bytes and a NUL)
 * in Echo and says whether the line goes on, ended (Text is NUL-terminated)
 * or was interrupted (Ctrl-C). ShStartLine empties the line for the next one.
 */
#ifndef SH_LINEEDIT_H
#define SH_LINEEDIT_H

#include "ntdef.h"

#define SH_LINE_MAX        127
#define SH_LINE_ECHO_MAX   3

typedef enum _SH_LINE_EVENT {
    ShLineMore,
    ShLineDone,
    ShLineInterrupt,
} SH_LINE_EVENT;

typedef struct _SH_LINE_EDITOR {
    CHAR Text[SH_LINE_MAX + 1];
    ULONG Length;
    BOOLEAN TooLong;        /* printable characters past SH_LINE_MAX were dropped */
    BOOLEAN NotText;        /* a control code or a byte above 0x7E arrived */
    BOOLEAN LastWasCr;      /* kept across lines: CR LF ends one line */
} SH_LINE_EDITOR, *PSH_LINE_EDITOR;

VOID ShStartLine(PSH_LINE_EDITOR Editor);
SH_LINE_EVENT ShEditLine(PSH_LINE_EDITOR Editor, UCHAR Byte, PCHAR Echo);

#endif
