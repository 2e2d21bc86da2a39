/*
 * utest.c - the ring-3 half of the guest suite `user` (tests/guest/
 * test_user.c): one process per case, chosen by argv[1]; its exit status
 * is its verdict (0 when every check held, else the NTSTATUS or the number
 * of the check that failed), and it prints "# ..." lines that say why.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ntob.h"

static int UtHello(int argc, char **argv)
{
    printf("# utest: hello from ring 3, process %lu thread %lu, %d arguments\n",
           (unsigned long)NtCurrentTeb()->ClientId.UniqueProcess,
           (unsigned long)NtCurrentTeb()->ClientId.UniqueThread, argc);
    return 0;
}

static int UtExit(int argc, char **argv)
{
    return argc > 2 ? (int)strtoul(argv[2], NULL, 0) : 0;
}

static const struct {
    const char *Name;
    int (*Run)(int argc, char **argv);
} UtCases[] = {
    { "hello", UtHello },
    { "exit", UtExit },
};

int main(int argc, char **argv)
{
    for (size_t i = 0; argc > 1 && i < sizeof(UtCases) / sizeof(UtCases[0]); i++) {
        if (strcmp(argv[1], UtCases[i].Name) == 0)
            return UtCases[i].Run(argc, argv);
    }
    printf("# utest: no case '%s'\n", argc > 1 ? argv[1] : "");
    return 0x7F;
}
