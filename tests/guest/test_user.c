/*
 * test_user.c - processes in ring 3: the guest suite `user`. Each case runs
 * tests/user/utest.c (or another image) as a process, waits for it and
 * judges its exit status and what the kernel kept of it.
 */
#include <stdio.h>
#include <string.h>
#include "ps/ps.h"
#include "tests/guest/gtest.h"

/* A process's exit status once it is gone (its object released). */
static NTSTATUS GtRun(PCSTR CommandLine)
{
    NTSTATUS exit;
    PEPROCESS p = GtStartProcess(CommandLine);

    if (p == NULL)
        return STATUS_UNSUCCESSFUL;
    exit = GtWaitProcess(p);
    return exit;
}

static VOID GtHello(VOID)
{
    GT_CHECK(GtRun("utest hello a \"b c\"") == STATUS_SUCCESS);
}

static VOID GtExitStatus(VOID)
{
    GT_CHECK(GtRun("utest exit 42") == 42);
    GT_CHECK(GtRun("utest nosuchcase") == 0x7F);
}

static VOID GtNoSuchImage(VOID)
{
    STRING image = { 7, 7, "nothing" }, line = { 0, 0, NULL };
    PEPROCESS p;

    GT_CHECK(PsCreateUserProcess(&image, &line, &PsInitialSystemProcess->Token, &p, NULL) ==
             STATUS_OBJECT_NAME_NOT_FOUND);
}

static const GT_CASE GtUserCases[] = {
    { "hello", GtHello },
    { "exit_status", GtExitStatus },
    { "no_such_image", GtNoSuchImage },
};

const GT_SUITE GtUserSuite = GT_SUITE_ENTRY("user", "processes in ring 3", GtUserCases);
