/*
 * netcmd.c - NT's net.exe, of which irplab has the USE command
 * (netuse.c). `net` alone, or a command NT's net.exe does not know,
 * prints NET's syntax; a command NT's has and irplab does not is
 * ERROR_NOT_SUPPORTED. The exit status is net.exe's: 0 when the command
 * completed, 1 when it printed the syntax, 2 when it printed an error.
 *
 * Interface: NetCommand, NetPrint (net.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <strings.h>

#include "user/lib/kernel32.h"
#include "user/lib/winerror.h"
#include "user/net/net.h"

/* NT 4.0's documented list of commands (3.51's is not at hand). */
static const char *const NetCommands[] = {
    "ACCOUNTS", "COMPUTER", "CONFIG", "CONTINUE", "FILE", "GROUP", "HELP", "HELPMSG",
    "LOCALGROUP", "NAME", "PAUSE", "PRINT", "SEND", "SESSION", "SHARE", "START",
    "STATISTICS", "STOP", "TIME", "USE", "USER", "VIEW",
};

VOID NetPrint(const NET_OUTPUT *Out, PCSTR Format, ...)
{
    char text[512];
    va_list args;

    va_start(args, Format);
    vsnprintf(text, sizeof(text), Format, args);
    va_end(args);
    Out->Write(Out->Context, text);
}

static int NetSyntax(const NET_OUTPUT *Out)
{
    NetPrint(Out, "The syntax of this command is:\n\n\n"
                  "NET [ ACCOUNTS | COMPUTER | CONFIG | CONTINUE | FILE | GROUP | HELP |\n"
                  "      HELPMSG | LOCALGROUP | NAME | PAUSE | PRINT | SEND | SESSION |\n"
                  "      SHARE | START | STATISTICS | STOP | TIME | USE | USER | VIEW ]\n\n");
    return NET_SYNTAX;
}

int NetCommand(int argc, char **argv, const NET_OUTPUT *Out)
{
    char text[256];

    if (argc < 2)
        return NetSyntax(Out);
    if (strcasecmp(argv[1], "USE") == 0)
        return NetUse(argc - 1, argv + 1, Out);
    for (size_t i = 0; i < ARRAYSIZE(NetCommands); i++) {
        if (strcasecmp(argv[1], NetCommands[i]) == 0) {
            BasepFormatNetError(ERROR_NOT_SUPPORTED, text, sizeof(text));
            Out->Write(Out->Context, text);
            return NET_FAILED;
        }
    }
    return NetSyntax(Out);
}
