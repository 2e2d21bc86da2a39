/*
 * test_ncpcalls.c - the NCP client calls NWRDR is built on, through the
 * kernel's client against ncpserv (--deterministic) beside QEMU; cases of
 * the suite test=ncp (test_ncp.c), judged with the host's files by
 * tests/test_ncp.py.
 *
 *   GtNcpLogins     the keyed login: object ID, wrong password, unknown
 *                   user, the unencrypted login refused, an account locked
 *                   by intruder detection (GUEST, 7 wrong passwords), the
 *                   right password, logout
 *   GtNcpFileCalls  in SYS:SYSTEM\NWRDR (made here; nothing the session
 *                   case compares is touched): volume information, create
 *                   directory, the create dispositions (create new,
 *                   overwrite, open), write, commit, set end of file
 *                   shorter and longer, size, rename within and across
 *                   directories and the refusals, Scan File Information,
 *                   searches of SYS:PUBLIC with wildcards, delete
 *                   directory (not empty, then empty, then missing). It leaves NWRDR\RESULT.TXT (100
 *                   bytes written, cut to 40, extended to 3000) and prints
 *                   "# ncp calls: ..." lines the host compares.
 */
#include <stdio.h>
#include <string.h>
#include "drivers/nwrdr/ncpclient.h"
#include "tests/guest/gtest.h"

#define GT_SUPERVISOR_ID    0x00000001
#define GT_LOCKOUT_ATTEMPTS 7           /* ncpserv's default --intruder-attempts */

/* A logged-out connection to the nearest server, or NULL. */
static PNCP_CONNECTION GtConnect(VOID)
{
    SAP_ENTRY server;
    PNCP_CONNECTION c;
    USHORT size;

    if (!NT_SUCCESS(NcpFindServer(NULL, &server)) ||
        !NT_SUCCESS(NcpConnect(&server.Address, 0, &c)))
        return NULL;
    GT_CHECK(NcpNegotiateBuffer(c, NCP_MAX_IO, &size) == STATUS_SUCCESS);
    return c;
}

VOID GtNcpLogins(VOID)
{
    PNCP_CONNECTION c = GtConnect();
    ULONG id = 0;
    int attempt, refused = 0;

    GT_CHECK(c != NULL);
    if (c == NULL)
        return;
    GT_CHECK(NcpGetBinderyObjectId(c, NCP_OBJECT_USER, "SUPERVISOR", &id) == STATUS_SUCCESS &&
             id == GT_SUPERVISOR_ID);
    GT_CHECK(NcpLogin(c, "SUPERVISOR", "WRONG") == STATUS_WRONG_PASSWORD);
    GT_CHECK(NcpLogin(c, "NOBODY", "X") == STATUS_NO_SUCH_USER);
    GT_CHECK(NcpLoginUnencrypted(c, "SUPERVISOR", "SECRET") == STATUS_LOGON_FAILURE);
    for (attempt = 0; attempt < GT_LOCKOUT_ATTEMPTS; attempt++)
        refused += NcpLogin(c, "GUEST", "GUESS") == STATUS_WRONG_PASSWORD;
    GT_CHECK(refused == GT_LOCKOUT_ATTEMPTS);
    GT_CHECK(NcpLogin(c, "GUEST", "") == STATUS_ACCOUNT_LOCKED_OUT);
    GT_CHECK(NcpLogin(c, "supervisor", "secret") == STATUS_SUCCESS);
    GT_CHECK(NcpLogout(c) == STATUS_SUCCESS);
    printf("# ncp logins: SUPERVISOR is object %08lx; GUEST locked after %d wrong "
           "passwords\n", (unsigned long)id, refused);
    GT_CHECK(NcpDisconnect(c) == STATUS_SUCCESS);
}

static VOID GtVolume(PNCP_CONNECTION c)
{
    NCP_VOLUME_INFO info;

    GT_CHECK(NcpGetVolumeInfo(c, 0, &info) == STATUS_SUCCESS && strcmp(info.Name, "SYS") == 0);
    printf("# ncp calls: volume %s, %u sectors per cluster, %u clusters, %u free\n", info.Name,
           info.SectorsPerCluster, info.TotalClusters, info.FreeClusters);
    GT_CHECK(NcpGetVolumeInfo(c, 9, &info) == STATUS_BAD_NETWORK_NAME);
}

/* Create new, create new again, overwrite, open, open a missing file. */
static VOID GtDispositions(PNCP_CONNECTION c, UCHAR Work)
{
    NCP_FILE_INFO info;

    GT_CHECK(NcpCreateNewFile(c, Work, "O.TXT", &info) == STATUS_SUCCESS);
    GT_CHECK(NcpWriteFile(c, info.Handle, 0, "0123456789", 10) == STATUS_SUCCESS);
    GT_CHECK(NcpCloseFile(c, info.Handle) == STATUS_SUCCESS);
    GT_CHECK(NcpCreateNewFile(c, Work, "O.TXT", &info) == STATUS_OBJECT_NAME_COLLISION);
    GT_CHECK(NcpOpenFile(c, Work, "O.TXT", NCP_ACCESS_READ, &info) == STATUS_SUCCESS &&
             info.Size == 10 && info.Attributes == NCP_ATTR_ARCHIVE);
    GT_CHECK(NcpCloseFile(c, info.Handle) == STATUS_SUCCESS);
    GT_CHECK(NcpCreateFile(c, Work, "O.TXT", &info) == STATUS_SUCCESS && info.Size == 0);
    GT_CHECK(NcpCloseFile(c, info.Handle) == STATUS_SUCCESS);
    GT_CHECK(NcpOpenFile(c, Work, "MISSING.TXT", NCP_ACCESS_READ, &info) ==
             STATUS_NO_SUCH_FILE);
}

/* A.TXT: 100 bytes, committed, cut to 40, extended to 3000. */
static VOID GtSizes(PNCP_CONNECTION c, UCHAR Work)
{
    static const UCHAR bogus[NCP_FILE_HANDLE_LENGTH] = { 0, 0, 0, 0, 0x7F, 0x7F };
    UCHAR data[100];
    NCP_FILE_INFO info;
    ULONG size = 0, i;

    for (i = 0; i < sizeof(data); i++)
        data[i] = (UCHAR)('a' + i % 26);
    GT_CHECK(NcpCreateNewFile(c, Work, "A.TXT", &info) == STATUS_SUCCESS);
    GT_CHECK(NcpWriteFile(c, info.Handle, 0, data, sizeof(data)) == STATUS_SUCCESS);
    GT_CHECK(NcpCommitFile(c, info.Handle) == STATUS_SUCCESS);
    GT_CHECK(NcpCommitFile(c, bogus) == STATUS_INVALID_HANDLE);
    GT_CHECK(NcpSetFileSize(c, info.Handle, 40) == STATUS_SUCCESS);
    GT_CHECK(NcpGetFileSize(c, info.Handle, &size) == STATUS_SUCCESS && size == 40);
    GT_CHECK(NcpSetFileSize(c, info.Handle, 3000) == STATUS_SUCCESS);
    GT_CHECK(NcpGetFileSize(c, info.Handle, &size) == STATUS_SUCCESS && size == 3000);
    GT_CHECK(NcpCloseFile(c, info.Handle) == STATUS_SUCCESS);
}

/* NWRDR\SUB\A.TXT -> B.TXT -> NWRDR\RESULT.TXT, and what is refused. */
static VOID GtRenames(PNCP_CONNECTION c, UCHAR Nwrdr, UCHAR Sub)
{
    NCP_FILE_ENTRY entry;

    GT_CHECK(NcpRenameFile(c, Sub, "A.TXT", Sub, "B.TXT") == STATUS_SUCCESS);
    GT_CHECK(NcpRenameFile(c, Sub, "B.TXT", Nwrdr, "RESULT.TXT") == STATUS_SUCCESS);
    GT_CHECK(NcpRenameFile(c, Sub, "O.TXT", Nwrdr, "RESULT.TXT") ==
             STATUS_OBJECT_NAME_COLLISION);
    GT_CHECK(NcpRenameFile(c, Sub, "O.TXT", Sub, "MAIL:O.TXT") == STATUS_NOT_SAME_DEVICE);
    GT_CHECK(NcpRenameFile(c, Sub, "B.TXT", Sub, "C.TXT") == STATUS_NO_SUCH_FILE);
    GT_CHECK(NcpScanFileInfo(c, Nwrdr, "RESULT.TXT", &entry) == STATUS_SUCCESS &&
             entry.Size == 3000 && entry.Attributes == NCP_ATTR_ARCHIVE &&
             entry.Owner == GT_SUPERVISOR_ID && entry.UpdateDate != 0);
    GT_CHECK(NcpScanFileInfo(c, Sub, "B.TXT", &entry) == STATUS_NO_SUCH_FILE);
    printf("# ncp calls: %s %lu bytes, attributes %02x, updated %04x %04x\n", entry.Name,
           (unsigned long)entry.Size, entry.Attributes, entry.UpdateDate, entry.UpdateTime);
}

/* SYS:PUBLIC's files that DOS's *.TXT (augmented wildcards) and the plain
   S*.DA? find; the host compares them with its folder. */
static VOID GtWildcards(PNCP_CONNECTION c)
{
    static const char *const patterns[] = { "\xAA\xAETXT", "S*.DA?" };
    static const char *const shown[] = { "DOS *.TXT", "S*.DA?" };
    char line[160];
    NCP_SEARCH search;
    NCP_SEARCH_ENTRY e;
    NTSTATUS status;
    int n, p;

    for (p = 0; p < 2; p++) {
        n = snprintf(line, sizeof(line), "%s:", shown[p]);
        GT_CHECK(NcpSearchInit(c, 0, "SYS:PUBLIC", &search) == STATUS_SUCCESS);
        while ((status = NcpSearchNext(c, &search, 0, patterns[p], &e)) == STATUS_SUCCESS &&
               n < 120)
            n += snprintf(line + n, sizeof(line) - n, " %s", e.Name);
        GT_CHECK(status == STATUS_NO_MORE_FILES);
        printf("# ncp calls: search SYS:PUBLIC %s\n", line);
    }
}

static VOID GtDirectories(PNCP_CONNECTION c, UCHAR System, UCHAR Nwrdr)
{
    GT_CHECK(NcpCreateDirectory(c, Nwrdr, "SUB") == STATUS_OBJECT_NAME_COLLISION);
    GT_CHECK(NcpDeleteDirectory(c, Nwrdr, "SUB") == STATUS_DIRECTORY_NOT_EMPTY);
    GT_CHECK(NcpEraseFile(c, Nwrdr, "SUB\\O.TXT") == STATUS_SUCCESS);
    GT_CHECK(NcpDeleteDirectory(c, Nwrdr, "SUB") == STATUS_SUCCESS);
    GT_CHECK(NcpDeleteDirectory(c, Nwrdr, "SUB") == STATUS_OBJECT_PATH_NOT_FOUND);
    GT_CHECK(NcpCreateDirectory(c, System, "NWRDR\\NO\\SUB") == STATUS_OBJECT_PATH_NOT_FOUND);
}

VOID GtNcpFileCalls(VOID)
{
    PNCP_CONNECTION c = GtConnect();
    UCHAR system = 0, nwrdr = 0, sub = 0;

    GT_CHECK(c != NULL);
    if (c == NULL)
        return;
    GT_CHECK(NcpLogin(c, "SUPERVISOR", "SECRET") == STATUS_SUCCESS);
    GtVolume(c);
    GT_CHECK(NcpAllocDirHandle(c, FALSE, 0, "SYS:SYSTEM", &system) == STATUS_SUCCESS);
    GT_CHECK(NcpCreateDirectory(c, system, "NWRDR") == STATUS_SUCCESS);
    GT_CHECK(NcpCreateDirectory(c, system, "NWRDR\\SUB") == STATUS_SUCCESS);
    GT_CHECK(NcpAllocDirHandle(c, FALSE, system, "NWRDR", &nwrdr) == STATUS_SUCCESS);
    GT_CHECK(NcpAllocDirHandle(c, FALSE, nwrdr, "SUB", &sub) == STATUS_SUCCESS);
    GtDispositions(c, sub);
    GtSizes(c, sub);
    GtRenames(c, nwrdr, sub);
    GtWildcards(c);
    GtDirectories(c, system, nwrdr);
    GT_CHECK(NcpEndOfJob(c) == STATUS_SUCCESS);
    GT_CHECK(NcpLogout(c) == STATUS_SUCCESS);
    GT_CHECK(NcpDisconnect(c) == STATUS_SUCCESS);
}
