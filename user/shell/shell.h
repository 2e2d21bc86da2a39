/*
 * shell.h - what the shell's files share (user/shell): the command table's
 * shape and each file's commands.
 *
 *   shell.c    main: the console handle, the prompt, the line editor over
 *              raw reads of \Device\Console, the command table
 *   lineedit.c ShStartLine, ShEditLine (lineedit.h)
 *   shsys.c    ps, irps, handles, pool, mem, pci: NtQuerySystemInformation's
 *              irplab classes (ntsysinfo.h)
 *   shfiles.c  dir, type, copy, del, drives: the Win32 layer (user/lib)
 *   shrun.c    any other word: the image of that name, as a process
 *
 * Every command prints its answer or one line saying why not, and returns;
 * nothing a person types ends the shell but `exit` and Ctrl-C.
 */
#ifndef SHELL_H
#define SHELL_H

#include "ntdef.h"

#define SH_ARGS_MAX 8

typedef VOID (*SH_COMMAND_ROUTINE)(int Argc, char **Argv);

/* shsys.c */
VOID ShPs(int Argc, char **Argv);
VOID ShIrps(int Argc, char **Argv);
VOID ShHandles(int Argc, char **Argv);
VOID ShPool(int Argc, char **Argv);
VOID ShMem(int Argc, char **Argv);
VOID ShPci(int Argc, char **Argv);

/* shfiles.c */
VOID ShDir(int Argc, char **Argv);
VOID ShType(int Argc, char **Argv);
VOID ShCopy(int Argc, char **Argv);
VOID ShDel(int Argc, char **Argv);
VOID ShDrives(int Argc, char **Argv);
VOID ShPrintLastError(VOID);

/* shrun.c */
VOID ShRunImage(PCSTR Line, int Argc, char **Argv);

#endif
