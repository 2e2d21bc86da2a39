/*
 * net.c - the image `net`: NetCommand (netcmd.c) on the process's
 * standard output, its exit status the process's.
 */
#include <stdio.h>

#include "user/net/net.h"

static VOID NetWriteStdout(PVOID Context, PCSTR Text)
{
    fputs(Text, stdout);
}

int main(int argc, char **argv)
{
    NET_OUTPUT out = { NetWriteStdout, NULL };

    return NetCommand(argc, argv, &out);
}
