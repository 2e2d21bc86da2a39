/*
 * test_net.c - the `net` program (user/net) on the wire: the guest suite
 * `net`, booted with ncpserv beside QEMU (tests/test_net.py).
 *
 * The cases:
 *   net_use_processes  the image `net`, one process per command: the list,
 *                      every error and its text, the syntax. Each command
 *                      is framed by "# net: run: LINE" and "# net: exit N"
 *                      on the console, between which test_net.py finds
 *                      exactly what the process printed. A connection lives
 *                      as long as its process (NWRDR's context is the
 *                      process's): the X: that one `net` connects stays
 *                      linked when it ends, so the next `net use X:` gets
 *                      the KB's "System error 85" and `net use X: /delete`
 *                      2250, until CSRSS is reset.
 *   net_use_in_process nwtest runs the net command several times in one
 *                      process (tests/user/nwtest.c, `netuse`): connect,
 *                      list, details, 85, `*`, delete, delete again, each
 *                      output compared in the process with NT's text
 *   wnet_calls         the WNet and drive calls' documented edge cases on
 *                      a live connection (nwtest `wnet`): NULL arguments,
 *                      short buffers, last errors, UNC roots
 * Each case ends with NWRDR holding no context and no letter left.
 */
#include <stdio.h>
#include <string.h>
#include "ps/ps.h"
#include "drivers/nwrdr/nwrdrp.h"
#include "tests/guest/gtest.h"

/* One process of Line, framed for the harness; its exit status. */
static NTSTATUS GtNet(PCSTR Line)
{
    PEPROCESS p;
    NTSTATUS status;

    printf("# net: run: %s\n", Line);
    p = GtStartProcess(Line);
    status = p != NULL ? GtWaitProcess(p) : STATUS_UNSUCCESSFUL;
    printf("# net: exit %ld\n", (long)status);
    return status;
}

static VOID GtCheckNothingLeft(VOID)
{
    NWR_STATISTICS s;

    NwrQueryStatistics(&s);
    GT_CHECK(s.Contexts == 0 && s.Servers == 0 && s.Ties == 0 && s.Opens == 0);
}

#define GT_SYS      "\\\\NWSERVER\\SYS"

static VOID GtNetUseProcesses(VOID)
{
    if (GtNoRedirector())
        return;
    GT_CHECK(GtNet("net use") == 0);
    GT_CHECK(GtNet("net") == 1);
    GT_CHECK(GtNet("net use /BOGUS") == 1);
    GT_CHECK(GtNet("net use X: " GT_SYS " SECRET EXTRA /USER:SUPERVISOR") == 1);
    GT_CHECK(GtNet("net use X: /delete /USER:SUPERVISOR") == 1);
    GT_CHECK(GtNet("net view") == 2);
    GT_CHECK(GtNet("net use V: \\\\NWSERVER\\NOSUCH /USER:GUEST") == 2);
    GT_CHECK(GtNet("net use V: \\\\NOSERVER\\SYS /USER:GUEST") == 2);
    GT_CHECK(GtNet("net use V: " GT_SYS " WRONG /USER:SUPERVISOR") == 2);
    GT_CHECK(GtNet("net use V: " GT_SYS " X /USER:NOBODY") == 2);
    GT_CHECK(GtNet("net use V: /d") == 2);
    GT_CHECK(GtNet("net use V:") == 2);
    GT_CHECK(GtNet("net use \\\\NWSERVER\\SYS /USER:GUEST") == 2);
    GT_CHECK(GtNet("net use x: " GT_SYS " SECRET /USER:SUPERVISOR") == 0);
    GtCheckNothingLeft();               /* the connection ended with its process */
    GT_CHECK(GtNet("net use X: " GT_SYS " SECRET /USER:SUPERVISOR") == 2);
    GT_CHECK(GtNet("net use X: /DELETE") == 2);
    GtResetCsrss();
    GtCheckNothingLeft();
}

static VOID GtNetUseInProcess(VOID)
{
    if (GtNoRedirector())
        return;
    GT_CHECK(GtNet("nwtest netuse") == 0);
    GtCheckNothingLeft();
    GtResetCsrss();
}

static VOID GtWnetCalls(VOID)
{
    if (GtNoRedirector())
        return;
    GT_CHECK(GtNet("nwtest wnet") == 0);
    GtCheckNothingLeft();
    GtResetCsrss();
}

static const GT_CASE GtNetCases[] = {
    { "net_use_processes", GtNetUseProcesses },
    { "net_use_in_process", GtNetUseInProcess },
    { "wnet_calls", GtWnetCalls },
};

const GT_SUITE GtNetSuite = GT_SUITE_ENTRY("net", "the net program on the wire", GtNetCases);
