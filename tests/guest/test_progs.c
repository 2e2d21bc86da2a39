/*
 * test_progs.c - the KB's programs as processes: the guest suite `progs`,
 * booted with ncpserv beside QEMU (tests/test_progs.py). The images are
 * the real mmta, cim and winfile (user/mmta, user/cim, user/winfile); the
 * MTA's instances and the programs that meet their drives run as user MMTA
 * in the services' logon session, as Q150047's service does.
 *
 * Every process is framed on the console by "# progs: run: LINE" when it
 * starts and "# progs: exit LINE -> N" when it has ended (several run at
 * once, so what lies between is not one process's); the programs' own
 * lines name their instance or program, and test_progs.py judges them.
 * The cases:
 *   mmta_alone           mmta 1, X-X, 3 rounds: connects, serves the
 *                        postoffice's queue and log, disconnects each round
 *   mmta_drive_taken     mmta 2 holds X: (/hold:); mmta 3, X-X, 5 rounds,
 *                        prints the drive message every round
 *   mmta_pair_disjoint   mmta 4 (X-X) and 5 (Y-Y) at once, 3 rounds each
 *   mmta_pair_same_range mmta 6 and 7 at once, both X-X, 4 rounds each:
 *                        both finish (what each met, test_progs.py reads)
 *   cim_remote_drive     cim, 2 rounds, while mmta 8 holds X:: Access
 *                        denied with NWRDR's context per process, the label
 *                        and free space with nwrctx=logon (the KB's control)
 *   winfile_held_drive   winfile X: while mmta 9 holds X:: exit 5 (Access is
 *                        denied) per process, a listing with nwrctx=logon
 *   winfile_local_drive  winfile R: on RamFs (a link made here, no CSRSS):
 *                        a file and a directory
 *   bad_arguments        each program's usage line and exit status
 * Each wire case ends with a fresh CSRSS (its server threads back to
 * boot's, and any letter the race orphaned gone), X: and Y: out of the
 * drive map and NWRDR holding no context, tie or open. Without a card the
 * wire cases are SKIP.
 */
#include <stdio.h>
#include <string.h>
#include "ntob.h"
#include "io/io.h"
#include "ob/ob.h"
#include "ps/ps.h"
#include "drivers/nwrdr/nwrdrp.h"
#include "tests/guest/gtest.h"
#include "tests/guest/drivers/drivers.h"

#define GT_MAIL     " \\\\NWSERVER\\MAIL "
#define GT_HOLD_MS  "5000"
#define ERROR_ACCESS_DENIED 5

static const TOKEN GtMmtaToken = { "MMTA", { 0x1000, 0 } };   /* the services' session */

static PEPROCESS GtStart(PCSTR Line)
{
    printf("# progs: run: %s\n", Line);
    return GtStartProcessAs(Line, &GtMmtaToken);
}

static NTSTATUS GtWait(PEPROCESS Process, PCSTR Line)
{
    NTSTATUS status = GtWaitProcess(Process);

    printf("# progs: exit %s -> %ld\n", Line, (long)status);
    return status;
}

static NTSTATUS GtRun(PCSTR Line)
{
    return GtWait(GtStart(Line), Line);
}

static BOOLEAN GtDriveMapped(CHAR Letter)
{
    OB_DRIVE_MAP map;

    ObQueryDriveMap(&map);
    return (map.DriveMap >> (Letter - 'A')) & 1;
}

/* Until Letter is in the drive map (bounded: 10 s). */
static BOOLEAN GtWaitForDrive(CHAR Letter)
{
    LONG64 tick = -10 * (LONG64)KTIME_PER_MS;

    for (ULONG i = 0; i < 1000 && !GtDriveMapped(Letter); i++)
        KeDelayExecutionThread(KernelMode, FALSE, &tick);
    return GtDriveMapped(Letter);
}

/* The end of a wire case: CSRSS fresh (its pool of server threads back to
   boot's, and any letter the race orphaned gone), NWRDR empty. */
static VOID GtEndCase(VOID)
{
    NWR_STATISTICS s;

    GtResetCsrss();
    NwrQueryStatistics(&s);
    GT_CHECK(s.Contexts == 0 && s.Servers == 0 && s.Ties == 0 && s.Opens == 0);
    GT_CHECK(!GtDriveMapped('X') && !GtDriveMapped('Y'));
}

static VOID GtMmtaAlone(VOID)
{
    static const char line[] = "mmta 1" GT_MAIL "X-X 3 MAILAGENT";

    if (GtNoRedirector())
        return;
    GT_CHECK(GtRun(line) == STATUS_SUCCESS);
    GtEndCase();
}

/* Runs Line while a holder instance keeps X: connected; Line's status. */
static NTSTATUS GtRunWhileHeld(PCSTR Holder, PCSTR Line)
{
    PEPROCESS holder = GtStart(Holder);
    NTSTATUS status;

    GT_CHECK(holder != NULL && GtWaitForDrive('X'));
    status = GtRun(Line);
    GT_CHECK(GtWait(holder, Holder) == STATUS_SUCCESS);
    GtEndCase();
    return status;
}

static VOID GtMmtaDriveTaken(VOID)
{
    if (GtNoRedirector())
        return;
    GT_CHECK(GtRunWhileHeld("mmta 2" GT_MAIL "X-X 1 MAILAGENT /hold:" GT_HOLD_MS,
                            "mmta 3" GT_MAIL "X-X 5 MAILAGENT") == STATUS_SUCCESS);
}

/* Two instances at once; both must end well. */
static VOID GtMmtaPair(PCSTR A, PCSTR B)
{
    PEPROCESS pa = GtStart(A), pb = GtStart(B);

    GT_CHECK(GtWait(pa, A) == STATUS_SUCCESS);
    GT_CHECK(GtWait(pb, B) == STATUS_SUCCESS);
}

static VOID GtMmtaPairDisjoint(VOID)
{
    if (GtNoRedirector())
        return;
    GtMmtaPair("mmta 4" GT_MAIL "X-X 3 MAILAGENT", "mmta 5" GT_MAIL "Y-Y 3 MAILAGENT");
    GtEndCase();
}

static VOID GtMmtaPairSameRange(VOID)
{
    if (GtNoRedirector())
        return;
    GtMmtaPair("mmta 6" GT_MAIL "X-X 4 MAILAGENT", "mmta 7" GT_MAIL "X-X 4 MAILAGENT");
    GtEndCase();
}

static VOID GtCimRemoteDrive(VOID)
{
    if (GtNoRedirector())
        return;
    GT_CHECK(GtRunWhileHeld("mmta 8" GT_MAIL "X-X 1 MAILAGENT /hold:" GT_HOLD_MS,
                            "cim 50 2") == STATUS_SUCCESS);
}

static VOID GtWinFileHeldDrive(VOID)
{
    NTSTATUS expected = NwrData.PerLogonSession ? STATUS_SUCCESS : ERROR_ACCESS_DENIED;

    if (GtNoRedirector())
        return;
    GT_CHECK(GtRunWhileHeld("mmta 9" GT_MAIL "X-X 1 MAILAGENT /hold:" GT_HOLD_MS,
                            "winfile X:") == expected);
}

/* Path on RamFs made (a directory, or a file holding Text). */
static VOID GtRamFsMake(PCSTR Path, PCSTR Text)
{
    STRING name = { (USHORT)strlen(Path), (USHORT)strlen(Path), (PCHAR)Path };
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;
    HANDLE h;

    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    GT_CHECK(NtCreateFile(&h, FILE_WRITE_DATA | SYNCHRONIZE, &oa, &iosb, FILE_CREATE,
                          (Text ? FILE_NON_DIRECTORY_FILE : FILE_DIRECTORY_FILE) |
                              FILE_SYNCHRONOUS_IO_NONALERT) == STATUS_SUCCESS);
    if (Text != NULL)
        GT_CHECK(NtWriteFile(h, NULL, NULL, NULL, &iosb, (PVOID)Text, strlen(Text), NULL,
                             NULL) == STATUS_SUCCESS);
    NtClose(h);
}

static VOID GtWinFileLocalDrive(VOID)
{
    STRING name = { 14, 14, "\\DosDevices\\R:" }, target = { 13, 13, "\\Device\\RamFs" };
    PDRIVER_OBJECT ramfs;
    OBJECT_ATTRIBUTES oa;
    HANDLE link;

    GT_CHECK(NT_SUCCESS(IoLoadDriver("\\Driver\\RamFs", RamFsDriverEntry, &ramfs)));
    GtRamFsMake("\\Device\\RamFs\\README.TXT", "a local drive\r\n");
    GtRamFsMake("\\Device\\RamFs\\DATA", NULL);
    InitializeObjectAttributes(&oa, &name, 0, NULL, NULL);
    GT_CHECK(NtCreateSymbolicLinkObject(&link, SYMBOLIC_LINK_ALL_ACCESS, &oa, &target) ==
             STATUS_SUCCESS);
    GT_CHECK(GtRun("winfile R:") == STATUS_SUCCESS);
    GT_CHECK(NtClose(link) == STATUS_SUCCESS);
    GT_CHECK(IoUnloadDriver(ramfs) == STATUS_SUCCESS);
}

static VOID GtBadArguments(VOID)
{
    GT_CHECK(GtRun("mmta") == 2);
    GT_CHECK(GtRun("mmta 1 NWSERVER\\MAIL X-X 3") == 2);
    GT_CHECK(GtRun("mmta 0" GT_MAIL "X-X 3") == 2);
    GT_CHECK(GtRun("mmta 1" GT_MAIL "Y-X 3") == 2);
    GT_CHECK(GtRun("mmta 1" GT_MAIL "X-X 0") == 2);
    GT_CHECK(GtRun("mmta 1" GT_MAIL "X-X 3 MAILAGENT /hold:soon") == 2);
    GT_CHECK(GtRun("cim 50") == 2);
    GT_CHECK(GtRun("cim fast 2") == 2);
    GT_CHECK(GtRun("winfile") == 87);
    GT_CHECK(GtRun("winfile XY") == 87);
}

static const GT_CASE GtProgsCases[] = {
    { "mmta_alone", GtMmtaAlone },
    { "mmta_drive_taken", GtMmtaDriveTaken },
    { "mmta_pair_disjoint", GtMmtaPairDisjoint },
    { "mmta_pair_same_range", GtMmtaPairSameRange },
    { "cim_remote_drive", GtCimRemoteDrive },
    { "winfile_held_drive", GtWinFileHeldDrive },
    { "winfile_local_drive", GtWinFileLocalDrive },
    { "bad_arguments", GtBadArguments },
};

const GT_SUITE GtProgsSuite = GT_SUITE_ENTRY("progs", "the KB's programs as processes",
                                             GtProgsCases);
