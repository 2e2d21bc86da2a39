/*
 * test_list.c - LIST_ENTRY: order of inserts at either end, removal from the
 * middle, and the "list is now empty" answer of RemoveEntryList.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "rtl/list.h"

typedef struct { int Value; LIST_ENTRY Link; } ITEM;

static int Values(LIST_ENTRY *Head, int *Out)
{
    int n = 0;

    for (LIST_ENTRY *e = Head->Flink; e != Head; e = e->Flink)
        Out[n++] = CONTAINING_RECORD(e, ITEM, Link)->Value;
    return n;
}

static void empty_head_points_at_itself(void **state)
{
    LIST_ENTRY head;

    InitializeListHead(&head);
    assert_true(IsListEmpty(&head));
    assert_ptr_equal(head.Flink, &head);
    assert_ptr_equal(head.Blink, &head);
}

static void inserts_keep_order(void **state)
{
    LIST_ENTRY head;
    ITEM a = { .Value = 1 }, b = { .Value = 2 }, c = { .Value = 3 };
    int v[3];

    InitializeListHead(&head);
    InsertTailList(&head, &b.Link);
    InsertTailList(&head, &c.Link);
    InsertHeadList(&head, &a.Link);
    assert_int_equal(Values(&head, v), 3);
    assert_int_equal(v[0], 1);
    assert_int_equal(v[1], 2);
    assert_int_equal(v[2], 3);
    assert_ptr_equal(RemoveHeadList(&head), &a.Link);
    assert_ptr_equal(RemoveTailList(&head), &c.Link);
    assert_int_equal(Values(&head, v), 1);
}

static void remove_reports_empty(void **state)
{
    LIST_ENTRY head;
    ITEM a = { .Value = 1 }, b = { .Value = 2 };

    InitializeListHead(&head);
    InsertTailList(&head, &a.Link);
    InsertTailList(&head, &b.Link);
    assert_false(RemoveEntryList(&a.Link));
    assert_true(RemoveEntryList(&b.Link));
    assert_true(IsListEmpty(&head));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_head_points_at_itself),
        cmocka_unit_test(inserts_keep_order),
        cmocka_unit_test(remove_reports_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
