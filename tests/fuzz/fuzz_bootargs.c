/*
 * fuzz_bootargs.c - the boot-argument parser (kernel/rtl/args.c), with a
 * table of every kind of argument the kernel's has (a name, choices, a
 * bounded number, one refused as not implemented yet).
 *
 * An input is a command line (no NUL needed: the target adds one).
 * Properties: nothing reads or writes out of bounds (ASan, UBSan); every
 * value taken is within its spec (a name of allowed characters and length,
 * a choice's index, a number at most its limit); every report line is
 * short; the count of ignored words is at most the count of words, and a
 * line of good words is taken whole, with no report.
 */
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "rtl/rtl.h"

static char Test[32];
static ULONG Sched, Seed, Depth, Reports;

static const RTL_ARG_SPEC Specs[] = {
    { "test", RtlArgName, NULL, sizeof(Test) - 1, Test },
    { "sched", RtlArgChoice, "rr|pct", 0, &Sched },
    { "seed", RtlArgNumber, NULL, 0xFFFFFFFFu, &Seed },
    { "depth", RtlArgNumber, NULL, 16, &Depth },
    { "later", RtlArgRefused, "no driver reads it", 0, NULL },
};

static VOID Report(const char *Message)
{
    FUZZ_CHECK(strlen(Message) < 2 * RTL_ARG_WORD_MAX + 96);
    Reports++;
}

static ULONG Words(const char *Line)
{
    ULONG Count = 0;
    const char *Scan = Line;

    while (*Scan) {
        Scan += strspn(Scan, " \t\r\n");
        if (*Scan == '\0')
            break;
        Count++;
        Scan += strcspn(Scan, " \t\r\n");
    }
    return Count;
}

int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size)
{
    static char Line[4096];
    ULONG Ignored;

    if (Size >= sizeof(Line))
        return -1;
    memcpy(Line, Data, Size);
    Line[Size] = '\0';
    memset(Test, 0, sizeof(Test));
    Sched = Seed = Depth = Reports = 0;
    Ignored = RtlParseArguments(Line, Specs, ARRAYSIZE(Specs), Report);
    FUZZ_CHECK(Ignored <= Words(Line));
    FUZZ_CHECK(Ignored <= Reports && (Ignored == 0) == (Reports == 0));
    FUZZ_CHECK(Test[sizeof(Test) - 1] == '\0');
    FUZZ_CHECK(strspn(Test, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                            "0123456789_-.") == strlen(Test));
    FUZZ_CHECK(Sched <= 1 && Depth <= 16);
    return 0;
}
