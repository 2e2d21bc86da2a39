/*
 * lineedit.c - the shell's line editor, one byte at a time, as pure code
 * (no I/O: it says what to echo), so that tests/unit and the fuzzer build it
 * for the host unchanged. It was the kernel console's until the console
 * became the shell process (user/shell); it lives beside its one user.
 *
 * Rules, for any bytes a person or a program sends:
 *   - CR, LF and CR LF each end a line (an LF right after a CR is skipped);
 *   - BS or DEL removes the last character; on an empty line it does
 *     nothing, and once a line is too long it is ignored (the dropped
 *     characters cannot be taken back one by one);
 *   - a tab counts as a space;
 *   - ETX (Ctrl-C) is the user's interrupt: the line is dropped;
 *   - any other control code or a byte above 0x7E marks the line NotText;
 *   - printable characters past SH_LINE_MAX mark it TooLong.
 * The echo always shows the line as the editor holds it: a printable
 * character echoes itself, a removal "\b \b", the end "\n".
 */
#include <string.h>
#include "user/shell/lineedit.h"

/* Bytes with a meaning of their own to the editor. */
enum {
    ShpCtrlC     = 0x03,   /* ETX: the user's interrupt */
    ShpBackspace = 0x08,   /* BS */
    ShpTab       = 0x09,   /* HT: taken as a space */
    ShpLineFeed  = 0x0A,   /* LF: ends a line */
    ShpReturn    = 0x0D,   /* CR: ends a line */
    ShpDelete    = 0x7F,   /* DEL: what most terminals send for backspace */
};

VOID ShStartLine(PSH_LINE_EDITOR Editor)
{
    BOOLEAN lastWasCr = Editor->LastWasCr;

    memset(Editor, 0, sizeof(*Editor));
    Editor->LastWasCr = lastWasCr;
}

static VOID ShpRubOut(PSH_LINE_EDITOR Editor, PCHAR Echo)
{
    if (Editor->Length == 0 || Editor->TooLong)
        return;
    Editor->Text[--Editor->Length] = '\0';
    strcpy(Echo, "\b \b");
}

static VOID ShpAddPrintable(PSH_LINE_EDITOR Editor, CHAR Character, PCHAR Echo)
{
    if (Editor->Length == SH_LINE_MAX) {
        Editor->TooLong = TRUE;
        return;
    }
    Editor->Text[Editor->Length++] = Character;
    Echo[0] = Character;
    Echo[1] = '\0';
}

SH_LINE_EVENT ShEditLine(PSH_LINE_EDITOR Editor, UCHAR Byte, PCHAR Echo)
{
    BOOLEAN afterCr = Editor->LastWasCr;

    Echo[0] = '\0';
    Editor->LastWasCr = Byte == ShpReturn;
    if (Byte == ShpLineFeed && afterCr)
        return ShLineMore;
    if (Byte == ShpReturn || Byte == ShpLineFeed) {
        Editor->Text[Editor->Length] = '\0';
        strcpy(Echo, "\n");
        return ShLineDone;
    }
    if (Byte == ShpCtrlC) {
        strcpy(Echo, "^C\n");
        return ShLineInterrupt;
    }
    if (Byte == ShpBackspace || Byte == ShpDelete)
        ShpRubOut(Editor, Echo);
    else if (Byte == ShpTab)
        ShpAddPrintable(Editor, ' ', Echo);
    else if (Byte < 0x20 || Byte > 0x7E)
        Editor->NotText = TRUE;
    else
        ShpAddPrintable(Editor, (CHAR)Byte, Echo);
    return ShLineMore;
}
