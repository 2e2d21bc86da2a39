/*
 * bootargs.c - the boot arguments, from the multiboot command line.
 *
 * The first word is the image name (QEMU and GRUB both put it there); the
 * rest are key=value words checked against KiBootArgSpecs. A word that does
 * not fit is reported on the console and ignored, so a typo never stops a
 * boot. The defaults are what `make run` would choose; ipxframe= keeps
 * Ethernet II, the framing ncpserv speaks unless told otherwise.
 */
#include <stdio.h>
#include <string.h>
#include "ke/ke.h"
#include "rtl/rtl.h"

KBOOT_ARGS KeBootArgs = {
    .Console = CONSOLE_INTERACTIVE,
    .Sched = SCHED_POLICY_RR,
    .BaseSrv = BASESRV_RTM,
    .IpxFrame = IPXFRAME_ETHERNET_II,
    .Depth = 3,
};

static ULONG KiSchedWord;           /* sched=: rr, pct, or replay (pct deciding from a list) */

static const RTL_ARG_SPEC KiBootArgSpecs[] = {
    { "test",      RtlArgName,   NULL, sizeof(KeBootArgs.Test) - 1, KeBootArgs.Test },
    { "scenario",  RtlArgChoice, "none|q150047", 0, &KeBootArgs.Scenario },
    { "console",   RtlArgChoice, "interactive|batch", 0, &KeBootArgs.Console },
    { "sched",     RtlArgChoice, "rr|pct|replay", 0, &KiSchedWord },
    { "basesrv",   RtlArgChoice, "rtm|sp", 0, &KeBootArgs.BaseSrv },
    { "nwrctx",    RtlArgChoice, "process|logon", 0, &KeBootArgs.NwrContext },
    { "ipxframe",  RtlArgChoice, "ethernet_ii|802.3|802.2|snap|auto", 0, &KeBootArgs.IpxFrame },
    { "seed",      RtlArgNumber, NULL, 0xFFFFFFFFu, &KeBootArgs.Seed },
    { "depth",     RtlArgNumber, NULL, 16, &KeBootArgs.Depth },
    { "steps",     RtlArgNumber, NULL, 100000000, &KeBootArgs.Steps },
    { "decisions", RtlArgList,   NULL, sizeof(KeBootArgs.Decisions) - 1, KeBootArgs.Decisions },
    { "shrink",    RtlArgChoice, "off|on", 0, &KeBootArgs.Shrink },
    { "shrinkreplays", RtlArgNumber, NULL, 1000000, &KeBootArgs.ShrinkReplays },
    { "schedules", RtlArgNumber, NULL, 1000000, &KeBootArgs.Schedules },
    { "rrcap",     RtlArgNumber, NULL, 86400, &KeBootArgs.RrCapSeconds },
    { "ncpkey",    RtlArgName,   NULL, sizeof(KeBootArgs.NcpKey) - 1, KeBootArgs.NcpKey },
    { "smbkey",    RtlArgName,   NULL, sizeof(KeBootArgs.SmbKey) - 1, KeBootArgs.SmbKey },
    { "trace",     RtlArgChoice, "hash|full", 0, &KeBootArgs.Trace },
    { "failpool",  RtlArgNumber, NULL, 1000000, &KeBootArgs.FailPool },
    { "lockcheck", RtlArgChoice, "on|off", 0, &KeBootArgs.LockCheck },
};

static VOID KiReportBootArg(const char *Message)
{
    printf("%s\n", Message);
}

VOID KiParseBootArgs(const char *CommandLine)
{
    const char *args = CommandLine + strcspn(CommandLine, " \t");

    KeBootArgs.Rejected = RtlParseArguments(args, KiBootArgSpecs, ARRAYSIZE(KiBootArgSpecs),
                                            KiReportBootArg);
    KeBootArgs.Replay = KiSchedWord == 2;
    KeBootArgs.Sched = KiSchedWord == 0 ? SCHED_POLICY_RR : SCHED_POLICY_PCT;
}
