/*
 * utest.h - what utest's cases share (tests/user/utest.c, utestfile.c,
 * utestdir.c): the check that ends a case with the failing line, and the
 * cases that live outside utest.c.
 */
#ifndef UTEST_H
#define UTEST_H

#include <stdio.h>
#include "ntdef.h"

#define UT_FAILED 0x10000
#define UT_CHECK(cond) \
    do { if (!(cond)) { printf("# utest: check failed: %s (%s line %d)\n", #cond, __FILE__, \
                               __LINE__); \
                        return UT_FAILED + __LINE__; } } while (0)

#define KERNEL_ADDRESS ((volatile ULONG *)0x00100000)   /* the kernel image */

int UtFileInfo(int argc, char **argv);      /* utestfile.c */
int UtDirectory(int argc, char **argv);     /* utestdir.c */

#endif
