/*
 * net.h - the `net` command (NT's net.exe, its USE command), callable in
 * a process of its own (net.c's main) or inside another program: what it
 * prints goes through a NET_OUTPUT, so a test or a shell can run it in
 * its own process and keep the connections it makes (a connection lives
 * as long as the process that made it: NWRDR's user context is the
 * process's).
 *
 * Interface:
 *   NetCommand  argv[0] is "net"; prints through Out; the exit status
 *               NT's net.exe gives: NET_SUCCESS, NET_SYNTAX (the usage
 *               was printed) or NET_FAILED (an error's text was)
 *   NetUse      the USE command (netuse.c): argv[0] is "use"
 *   NetPrint    printf through Out
 */
#ifndef NET_H
#define NET_H

#include "ntdef.h"

#define NET_SUCCESS 0
#define NET_SYNTAX  1
#define NET_FAILED  2

typedef struct _NET_OUTPUT {
    VOID (*Write)(PVOID Context, PCSTR Text);
    PVOID Context;
} NET_OUTPUT, *PNET_OUTPUT;

int NetCommand(int argc, char **argv, const NET_OUTPUT *Out);
int NetUse(int argc, char **argv, const NET_OUTPUT *Out);
VOID NetPrint(const NET_OUTPUT *Out, PCSTR Format, ...) __attribute__((format(printf, 2, 3)));

#endif
