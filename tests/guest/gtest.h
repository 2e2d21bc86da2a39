/*
 * gtest.h - in-kernel test cases, chosen at boot with test=NAME.
 *
 * A suite is an ordered table of cases. GtRunTest prints KTAP: the version
 * line, the plan, one "ok N name" or "not ok N name" per case, and a last
 * case, leak_audit, that compares the pool's outstanding blocks per tag, the
 * IRPs alive, the handles open in every process and the physical pages
 * processes hold (address spaces) with what they were before the first
 * case, and the summary "# NAME: F of N failed". Then it writes the
 * trace's hash to COM2 (the whole trace when a case failed) and ends the
 * run: the pass status when every line said ok, the fail status otherwise.
 * A name that is no suite gets a plan of one failed case and the summary
 * too: the summary, or the STOP screen's last line, always ends a run's
 * console output (a LAVA job waits for one of them).
 *
 * A case that is meant to bugcheck says so with a "# expect STOP 0x..." line;
 * the host harness then judges the STOP screen and the exit status instead.
 */
#ifndef GTEST_H
#define GTEST_H

#include "ntdef.h"
#include "obtypes.h"
#include "mm/mm.h"

typedef struct _GT_CASE {
    const char *Name;
    VOID (*Run)(VOID);
} GT_CASE;

typedef struct _GT_SUITE {
    const char *Name;
    const char *Description;
    const GT_CASE *Cases;
    ULONG CaseCount;
} GT_SUITE;

#define GT_SUITE_ENTRY(name, desc, cases) { name, desc, cases, ARRAYSIZE(cases) }

/* Records a failed check in the running case (and prints where). */
#define GT_CHECK(cond) GtCheck((cond) != 0, #cond, __FILE__, __LINE__)

VOID GtCheck(BOOLEAN Ok, const char *Text, const char *File, int Line);
/* The running case cannot run in this configuration: its line becomes
   "ok N name # SKIP Reason" (KTAP's), never a plain ok. */
VOID GtSkip(const char *Reason);
/* GtSkip(Reason) and TRUE when no device is called Device. */
BOOLEAN GtSkipWithoutDevice(const char *Device, const char *Reason);
VOID GtExpectStop(ULONG Code);

/* What the leak audit compares: the pool's blocks outstanding per tag, IRPs
   alive, handles open in every process, pages processes hold. GtRunTest
   takes one before the first case; a case may take its own and see that
   it is back there (GtAuditClean prints what is not). */
#define GT_MAX_TAGS 128
typedef struct _GT_AUDIT {
    POOL_TRACKER Tags[GT_MAX_TAGS];
    ULONG TagCount;
    LONG Irps;
    ULONG Handles;
    ULONG Pages;
} GT_AUDIT, *PGT_AUDIT;

VOID GtTakeAudit(PGT_AUDIT Audit);
BOOLEAN GtAuditClean(const GT_AUDIT *Before);

/* "allocation N of M failed: 'Tag' for Function+0xOFF from Function+0xOFF":
   the simulated failure the pool reported (mm.h, ExDisarmPoolFailure), the
   allocator's caller and its caller's; M counts the allocations after it. */
VOID GtPrintPoolFailure(ULONG Nth, const POOL_FAILURE *Failure);
VOID __attribute__((noreturn)) GtRunTest(const char *Name);

/* Threads for tests (test_ke.c): start one, or wait for it and release it. */
struct _KTHREAD;
struct _KTHREAD *GtStartThread(const char *Name, CHAR Priority, VOID (*Routine)(PVOID), PVOID Context);
VOID GtJoinThread(struct _KTHREAD *Thread);

/* Processes for tests (gtest.c): start the image named by the first word
   of CommandLine (with SYSTEM's token, or Token), or wait for one to end
   and release it, getting its exit status (STATUS_UNSUCCESSFUL for NULL,
   a process that did not start). */
struct _EPROCESS;
struct _TOKEN;
struct _EPROCESS *GtStartProcess(PCSTR CommandLine);
struct _EPROCESS *GtStartProcessAs(PCSTR CommandLine, const struct _TOKEN *Token);
NTSTATUS GtWaitProcess(struct _EPROCESS *Process);

/* The suites, one per file in tests/guest. */
extern const GT_SUITE GtBootSuite;            /* test_boot.c */
extern const GT_SUITE GtPoolSuite;            /* test_pool.c */
extern const GT_SUITE GtObSuite;              /* test_ob.c */
extern const GT_SUITE GtKeSuite;              /* test_ke.c */
extern const GT_SUITE GtPctSuite;             /* test_pct.c */
extern const GT_SUITE GtIoSuite;              /* test_io.c */
extern const GT_SUITE GtIoPctSuite;
extern const GT_SUITE GtNullIrpSuite;        /* test_bench.c */
extern const GT_SUITE GtWin32Suite;          /* test_win32.c */
extern const GT_SUITE GtIrpTwiceSuite;
extern const GT_SUITE GtIrpCancelSuite;
extern const GT_SUITE GtIrpUnmarkedSuite;
extern const GT_SUITE GtIrpUnderflowSuite;
extern const GT_SUITE GtIrpMarkedSuite;
extern const GT_SUITE GtPageFaultSuite;       /* test_faults.c */
extern const GT_SUITE GtDivideSuite;
extern const GT_SUITE GtStackOverflowSuite;
extern const GT_SUITE GtDoubleFreeSuite;
extern const GT_SUITE GtThreadOverflowSuite;
extern const GT_SUITE GtMutexOwnerSuite;
extern const GT_SUITE GtLockOrderSuite, GtMutexOrderSuite;
extern const GT_SUITE GtNe2000Suite, GtNe2000FloodSuite;    /* test_ne2000.c */
extern const GT_SUITE GtIpxSuite, GtNcpSuite, GtNcpFloodSuite,  /* test_ncp.c */
    GtNcpSilentSuite, GtNcpPairSuite;
extern const GT_SUITE GtNoServerSuite;        /* test_ipxframe.c */
VOID GtIpxFramingCase(VOID);                  /* the ncp suite's ipx_framing */
extern const GT_SUITE GtNcpBenchSuite;        /* test_ncpbench.c */
extern const GT_SUITE GtNcpFaultsSuite, GtIpxBurstSuite;    /* test_ncpfaults.c */
extern const GT_SUITE GtCsrssSuite;           /* test_csrss.c */
extern const GT_SUITE GtNwrdrSuite;           /* test_nwrdr.c */
VOID GtNwrNativeFiles(VOID);                  /* its cases in test_nwrnative.c */
VOID GtNwrDeadConnection(VOID);
VOID GtNwrForcedDelete(VOID);
extern const GT_SUITE GtNwrdrSilentSuite;     /* test_nwrsilent.c */
extern const GT_SUITE GtSmbSuite;             /* test_smb.c */
extern const GT_SUITE GtNetSuite;             /* test_net.c */
extern const GT_SUITE GtProgsSuite;           /* test_progs.c */
extern const GT_SUITE GtCsnwSuite;            /* test_csnw.c */
extern const GT_SUITE GtUserSuite;            /* test_user.c */
extern const GT_SUITE GtSvcFuzzSuite;         /* test_svcfuzz.c */
extern const GT_SUITE GtLowResSuite;          /* test_lowres.c */

/* gtnet.c: what the suites over NWRDR on the wire share. */
BOOLEAN GtNoRedirector(VOID);                 /* TRUE, and a SKIP, without a card */
ULONG GtServerConnections(VOID);              /* ncpserv's, as it reports them */
VOID GtResetCsrss(VOID);                      /* a fresh CSRSS, no letter D: to Z: */
VOID GtNwrCheckIdle(PCSTR When);              /* NWRDR holds nothing (said, and checked) */
NTSTATUS GtNwrFsctl(HANDLE Rdr, ULONG Code, PVOID In, ULONG InLength, PVOID Out,
                    ULONG OutLength);
NTSTATUS GtNwrOpen(PCSTR Name, ULONG Disposition, ULONG Options, PHANDLE Handle,
                   ULONG_PTR *Information);
NTSTATUS GtNwrConnect(HANDLE Rdr, PCSTR Target);    /* as SUPERVISOR */

#endif
