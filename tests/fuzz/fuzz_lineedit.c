/*
 * fuzz_lineedit.c - the shell's line editor (user/shell/lineedit.c).
 *
 * An input is what arrives on COM1, any bytes. The target feeds them one
 * by one, as the console does, and keeps a model of the terminal: the
 * echo's characters, "\b \b" rubbing one out. Properties, for every line:
 *   - the line never exceeds SH_LINE_MAX and holds only printable text;
 *   - what the terminal shows is what the editor holds;
 *   - the line is NotText exactly when a byte that is neither printable
 *     nor one of the editor's own keys (BS, DEL, tab, CR, LF, Ctrl-C)
 *     arrived in it - a backspace never makes a line unreadable;
 *   - a line is TooLong exactly when a printable character (or a tab)
 *     arrived while it was full.
 */
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "user/shell/lineedit.h"

typedef struct _MODEL {
    char Screen[SH_LINE_MAX + 1];
    ULONG Shown;
    BOOLEAN NotText, TooLong;
} MODEL;

static BOOLEAN EditorKey(UCHAR Byte)
{
    return Byte == 0x03 || Byte == 0x08 || Byte == 0x09 || Byte == 0x0A || Byte == 0x0D ||
           Byte == 0x7F;
}

static void Show(MODEL *Model, const char *Echo)
{
    for (; *Echo; Echo++) {
        if (strncmp(Echo, "\b \b", 3) == 0) {
            FUZZ_CHECK(Model->Shown > 0);
            Model->Shown--;
            Echo += 2;
        } else if (*Echo != '\n' && strncmp(Echo, "^C", 2) != 0) {
            FUZZ_CHECK(Model->Shown < SH_LINE_MAX);
            Model->Screen[Model->Shown++] = *Echo;
        }
    }
}

static void CheckLine(const SH_LINE_EDITOR *Editor, const MODEL *Model)
{
    ULONG i;

    FUZZ_CHECK(Editor->Length <= SH_LINE_MAX);
    for (i = 0; i < Editor->Length; i++)
        FUZZ_CHECK(Editor->Text[i] >= 0x20 && Editor->Text[i] <= 0x7E);
    FUZZ_CHECK(Model->Shown == Editor->Length);
    FUZZ_CHECK(memcmp(Model->Screen, Editor->Text, Editor->Length) == 0);
    FUZZ_CHECK(Editor->NotText == Model->NotText);
    FUZZ_CHECK(Editor->TooLong == Model->TooLong);
}

int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size)
{
    SH_LINE_EDITOR Editor;
    MODEL Model;
    char Echo[SH_LINE_ECHO_MAX + 1];
    SH_LINE_EVENT Event;
    size_t i;

    memset(&Editor, 0, sizeof(Editor));
    memset(&Model, 0, sizeof(Model));
    for (i = 0; i < Size; i++) {
        memset(Echo, 0x55, sizeof(Echo));
        Event = ShEditLine(&Editor, Data[i], Echo);
        FUZZ_CHECK(memchr(Echo, '\0', sizeof(Echo)) != NULL);
        if (!EditorKey(Data[i]) && (Data[i] < 0x20 || Data[i] > 0x7E))
            Model.NotText = TRUE;
        if ((Data[i] == 0x09 || (Data[i] >= 0x20 && Data[i] <= 0x7E)) &&
            Model.Shown == SH_LINE_MAX)
            Model.TooLong = TRUE;
        if (Event == ShLineMore)
            Show(&Model, Echo);
        CheckLine(&Editor, &Model);
        if (Event != ShLineMore) {
            FUZZ_CHECK(Event != ShLineDone || Editor.Text[Editor.Length] == '\0');
            ShStartLine(&Editor);
            memset(&Model, 0, sizeof(Model));
        }
    }
    return 0;
}
