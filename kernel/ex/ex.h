/*
 * ex.h - the executive: what runs once the kernel is up.
 *
 * Interface:
 *   start.c    ExStartSystem: a guest test, or the ready line and the console
 *   console.c  ExRunConsole, the command loop on COM1
 */
#ifndef EX_H
#define EX_H

#include "ntdef.h"

VOID __attribute__((noreturn)) ExStartSystem(VOID);
VOID __attribute__((noreturn)) ExRunConsole(VOID);

#endif
