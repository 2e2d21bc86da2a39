/*
 * test_lineedit.c - the shell's line editor (user/shell/lineedit.c): what
 * each key does to the line and to the echo, and the backspace on an empty
 * line that once marked the next command as non-text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "user/shell/lineedit.h"

static SH_LINE_EDITOR Editor;
static char Echoed[1024];

/* Feeds Bytes; returns the event of the last byte, the echo in Echoed. */
static SH_LINE_EVENT Feed(const char *Bytes, size_t Count)
{
    char echo[SH_LINE_ECHO_MAX + 1];
    SH_LINE_EVENT event = ShLineMore;
    size_t i;

    Echoed[0] = '\0';
    for (i = 0; i < Count; i++) {
        event = ShEditLine(&Editor, (UCHAR)Bytes[i], echo);
        assert_true(strlen(echo) <= SH_LINE_ECHO_MAX);
        strcat(Echoed, echo);
        if (event != ShLineMore)
            assert_int_equal(i, Count - 1);
    }
    return event;
}

#define FEED(s) Feed((s), sizeof(s) - 1)

static int Setup(void **state)
{
    memset(&Editor, 0, sizeof(Editor));
    return 0;
}

static void test_backspace_on_an_empty_line_does_nothing(void **state)
{
    assert_int_equal(FEED("\x7f\x08mem\r"), ShLineDone);
    assert_false(Editor.NotText);
    assert_string_equal(Editor.Text, "mem");
    assert_string_equal(Echoed, "mem\n");
}

static void test_backspace_removes_and_echoes(void **state)
{
    assert_int_equal(FEED("mex\x7fm\n"), ShLineDone);
    assert_string_equal(Editor.Text, "mem");
    assert_string_equal(Echoed, "mex\b \bm\n");
}

static void test_cr_lf_is_one_end(void **state)
{
    assert_int_equal(FEED("a\r"), ShLineDone);
    ShStartLine(&Editor);
    assert_int_equal(FEED("\nb\n"), ShLineDone);
    assert_string_equal(Editor.Text, "b");
    ShStartLine(&Editor);
    assert_int_equal(FEED("\n"), ShLineDone);
    assert_string_equal(Editor.Text, "");
}

static void test_control_codes_mark_the_line(void **state)
{
    assert_int_equal(FEED("he\x01lp\x80\r"), ShLineDone);
    assert_true(Editor.NotText);
    ShStartLine(&Editor);
    assert_false(Editor.NotText);
    assert_int_equal(FEED("\tx\r"), ShLineDone);
    assert_string_equal(Editor.Text, " x");
}

static void test_too_long_is_kept_too_long(void **state)
{
    char line[SH_LINE_MAX + 3];

    memset(line, 'x', sizeof(line));
    Feed(line, sizeof(line));
    assert_true(Editor.TooLong);
    assert_int_equal(Editor.Length, SH_LINE_MAX);
    assert_int_equal(FEED("\x7f\r"), ShLineDone);
    assert_true(Editor.TooLong);
    assert_int_equal(Editor.Length, SH_LINE_MAX);
}

static void test_ctrl_c_interrupts(void **state)
{
    assert_int_equal(FEED("mem\x03"), ShLineInterrupt);
    assert_string_equal(Echoed, "mem^C\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_backspace_on_an_empty_line_does_nothing, Setup),
        cmocka_unit_test_setup(test_backspace_removes_and_echoes, Setup),
        cmocka_unit_test_setup(test_cr_lf_is_one_end, Setup),
        cmocka_unit_test_setup(test_control_codes_mark_the_line, Setup),
        cmocka_unit_test_setup(test_too_long_is_kept_too_long, Setup),
        cmocka_unit_test_setup(test_ctrl_c_interrupts, Setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
