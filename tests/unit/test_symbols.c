/*
 * test_symbols.c - KiLookupSymbol, the backtrace symbolizer: the last symbol
 * at or below an address, with the offset, and nothing outside the text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "ke/ke.h"

static const KSYMBOL Table[] = {
    { 0x100000, "_start" },
    { 0x100010, "KiTrap0" },
    { 0x100010, "KiTrapAlias" },
    { 0x100400, "KeBugCheckEx" },
    { 0x100800, "ExFreePoolWithTag" },
};
#define TEXT_END 0x100900

static const char *Lookup(ULONG_PTR Address, ULONG_PTR *Offset)
{
    return KiLookupSymbol(Table, 5, TEXT_END, Address, Offset);
}

static void exact_and_inside(void **state)
{
    ULONG_PTR off = 99;

    assert_string_equal(Lookup(0x100000, &off), "_start");
    assert_int_equal(off, 0);
    assert_string_equal(Lookup(0x1003FF, &off), "KiTrapAlias");
    assert_int_equal(off, 0x3EF);
    assert_string_equal(Lookup(0x100401, &off), "KeBugCheckEx");
    assert_int_equal(off, 1);
    assert_string_equal(Lookup(0x1008FF, &off), "ExFreePoolWithTag");
    assert_int_equal(off, 0xFF);
}

static void outside_the_text(void **state)
{
    ULONG_PTR off;

    assert_null(Lookup(0xFFFFF, &off));
    assert_null(Lookup(TEXT_END, &off));
    assert_null(Lookup(0, &off));
    assert_null(KiLookupSymbol(Table, 0, TEXT_END, 0x100000, &off));
}

static void every_entry_finds_itself(void **state)
{
    ULONG_PTR off;
    int i;

    for (i = 0; i < 5; i++) {
        const char *name = Lookup(Table[i].Address + 1, &off);
        assert_non_null(name);
        assert_int_equal(off, 1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exact_and_inside),
        cmocka_unit_test(outside_the_text),
        cmocka_unit_test(every_entry_finds_itself),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
