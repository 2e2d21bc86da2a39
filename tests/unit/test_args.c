/*
 * test_args.c - RtlParseArguments: every kind of value, and every way a
 * command line can be wrong, each reported once and skipped.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "rtl/rtl.h"

static char Reports[16][256];
static int ReportCount;

static VOID Collect(const char *Message)
{
    if (ReportCount < 16)
        snprintf(Reports[ReportCount], sizeof(Reports[0]), "%s", Message);
    ReportCount++;
}

static char Test[32], List[16];
static ULONG Sched, Seed;

static const RTL_ARG_SPEC Specs[] = {
    { "test", RtlArgName, NULL, sizeof(Test) - 1, Test },
    { "sched", RtlArgChoice, "rr|pct", 0, &Sched },
    { "seed", RtlArgNumber, NULL, 1000, &Seed },
    { "list", RtlArgList, NULL, sizeof(List) - 1, List },
    { "later", RtlArgRefused, "no driver reads it", 0, NULL },
};

static ULONG Parse(const char *Line)
{
    memset(Test, 0, sizeof(Test));
    memset(List, 0, sizeof(List));
    Sched = Seed = 0;
    ReportCount = 0;
    return RtlParseArguments(Line, Specs, ARRAYSIZE(Specs), Collect);
}

static void takes_every_type(void **state)
{
    assert_int_equal(Parse("test=pool_1 sched=pct seed=0x2A list=7.12:4,9.30:1"), 0);
    assert_string_equal(Test, "pool_1");
    assert_string_equal(List, "7.12:4,9.30:1");
    assert_int_equal(Sched, 1);
    assert_int_equal(Seed, 42);
    assert_int_equal(ReportCount, 0);
}

static void empty_and_blank_lines(void **state)
{
    assert_int_equal(Parse(""), 0);
    assert_int_equal(Parse("   \t  "), 0);
    assert_int_equal(ReportCount, 0);
}

static void rejects_malformed_words(void **state)
{
    assert_int_equal(Parse("bogus =x seed=1"), 2);
    assert_int_equal(Seed, 1);
    assert_non_null(strstr(Reports[0], "'bogus' is not key=value"));
    assert_non_null(strstr(Reports[1], "'=x' is not key=value"));
}

static void rejects_unknown_keys_and_bad_values(void **state)
{
    assert_int_equal(Parse("colour=red sched=fifo seed=1001 seed=12x seed=-1 test=a/b"), 6);
    assert_non_null(strstr(Reports[0], "unknown argument 'colour=red'"));
    assert_non_null(strstr(Reports[1], "bad value 'fifo' for sched"));
    assert_non_null(strstr(Reports[2], "rr|pct"));
    assert_int_equal(Seed, 0);
    assert_string_equal(Test, "");
}

static void refused_keys_say_why(void **state)
{
    assert_int_equal(Parse("later=1 seed=3"), 1);
    assert_int_equal(Seed, 3);
    assert_int_equal(ReportCount, 1);
    assert_string_equal(Reports[0],
                        "bootargs: later= is not implemented yet (no driver reads it), ignored");
}

static void lists_take_digits_colons_and_commas_only(void **state)
{
    assert_int_equal(Parse("list=1:2;3"), 1);
    assert_string_equal(List, "");
    assert_non_null(strstr(Reports[1], "digits, '.', ':' and ','"));
    assert_int_equal(Parse("list=1234567890:1234567"), 1);     /* longer than 15 */
    assert_string_equal(List, "");
}

static void names_are_bounded(void **state)
{
    char line[128];

    snprintf(line, sizeof(line), "test=%s", "abcdefghijklmnopqrstuvwxyz0123456789");
    assert_int_equal(Parse(line), 1);
    assert_string_equal(Test, "");
    assert_int_equal(Parse("test="), 1);
}

static void overlong_words_are_reported_not_copied(void **state)
{
    char line[600];

    memset(line, 'a', sizeof(line) - 1);
    line[sizeof(line) - 1] = '\0';
    memcpy(line, "seed=", 5);
    assert_int_equal(Parse(line), 1);
    assert_non_null(strstr(Reports[0], "too long"));
    assert_true(strlen(Reports[0]) < 120);
}

static void binary_bytes_are_refused(void **state)
{
    assert_int_equal(Parse("test=\x01\x02 seed=\xff\xfe sched=rr"), 2);
    assert_non_null(strstr(Reports[0], "non-text"));
    assert_int_equal(Sched, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(takes_every_type),
        cmocka_unit_test(empty_and_blank_lines),
        cmocka_unit_test(rejects_malformed_words),
        cmocka_unit_test(rejects_unknown_keys_and_bad_values),
        cmocka_unit_test(refused_keys_say_why),
        cmocka_unit_test(lists_take_digits_colons_and_commas_only),
        cmocka_unit_test(names_are_bounded),
        cmocka_unit_test(overlong_words_are_reported_not_copied),
        cmocka_unit_test(binary_bytes_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
