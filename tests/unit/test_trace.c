/*
 * test_trace.c - the trace encoder: the text of each record type, and the
 * hash - fixed for a fixed record, changed by any field.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "trace/trace.h"

static const TRACE_RECORD R = { 42, TR_SWITCH, 12345678, 3, 3, 7, 5 };

static void formats_a_switch(void **state)
{
    char line[96];
    int n = TrFormatRecord(&R, line, sizeof(line));

    assert_string_equal(line, "00000042 1.234567 t3 switch 3 7 5\n");
    assert_int_equal(n, (int)strlen(line));
}

static void formats_unknown_types_and_truncates(void **state)
{
    TRACE_RECORD r = R;
    char small[12];

    r.Type = 999;
    TrFormatRecord(&r, small, sizeof(small));
    assert_int_equal(strlen(small), sizeof(small) - 1);
    {
        char line[96];
        TrFormatRecord(&r, line, sizeof(line));
        assert_non_null(strstr(line, " ? "));
    }
}

static void hash_is_fixed_and_sensitive(void **state)
{
    ULONG64 h = TrHashRecord(TRACE_HASH_INIT, &R);
    TRACE_RECORD r = R;

    assert_true(h == TrHashRecord(TRACE_HASH_INIT, &R));
    r.C++;
    assert_true(h != TrHashRecord(TRACE_HASH_INIT, &r));
    r = R;
    r.Time++;
    assert_true(h != TrHashRecord(TRACE_HASH_INIT, &r));
    r = R;
    r.Sequence++;
    assert_true(h != TrHashRecord(TRACE_HASH_INIT, &r));
}

static void hash_depends_on_order(void **state)
{
    TRACE_RECORD a = R, b = R;

    b.Sequence = 43;
    b.Type = TR_WAIT;
    assert_true(TrHashRecord(TrHashRecord(TRACE_HASH_INIT, &a), &b) !=
                TrHashRecord(TrHashRecord(TRACE_HASH_INIT, &b), &a));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(formats_a_switch),
        cmocka_unit_test(formats_unknown_types_and_truncates),
        cmocka_unit_test(hash_is_fixed_and_sensitive),
        cmocka_unit_test(hash_depends_on_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
